#!/usr/bin/env bash
# Lints the REST contract with Redocly's recommended rules; the output is recorded in
# docs/API-LINT.md. (The build also loads the contract: the service refuses to start on an
# invalid one, and every integration-test response is validated against it.)
set -euo pipefail
cd "$(dirname "$0")/.."
npx -y @redocly/cli@latest lint src/main/resources/openapi.yaml
