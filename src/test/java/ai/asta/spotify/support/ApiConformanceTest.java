package ai.asta.spotify.support;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The conformance check applied to every integration-test response does catch drift. */
class ApiConformanceTest {
  static final HttpHeaders JSON =
      HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);
  static final URI STATUS = URI.create("http://127.0.0.1:1/api/spotify/status");

  @Test
  void aConformingResponsePasses() {
    assertThatCode(
            () ->
                ApiConformance.check(
                    "GET",
                    STATUS,
                    new Http.Reply(200, JSON, "{\"connected\":false,\"reason\":\"not_linked\"}")))
        .doesNotThrowAnyException();
  }

  @Test
  void anUndocumentedStatusFails() {
    assertThatThrownBy(
            () ->
                ApiConformance.check("GET", STATUS, new Http.Reply(418, JSON, "{\"error\":\"x\"}")))
        .hasMessageContaining("lists no 418");
  }

  @Test
  void aBodyThatBreaksTheSchemaFails() {
    assertThatThrownBy(
            () ->
                ApiConformance.check(
                    "GET", STATUS, new Http.Reply(200, JSON, "{\"connected\":\"yes\"}")))
        .hasMessageContaining("does not match openapi.yaml");
    assertThatThrownBy(
            () ->
                ApiConformance.check(
                    "GET", STATUS, new Http.Reply(200, JSON, "{\"reason\":\"revoked\"}")))
        .hasMessageContaining("does not match openapi.yaml");
  }

  @Test
  void anUndocumentedRouteFails() {
    assertThatThrownBy(
            () ->
                ApiConformance.check(
                    "GET",
                    URI.create("http://127.0.0.1:1/api/spotify/secret"),
                    new Http.Reply(200, JSON, "{}")))
        .hasMessageContaining("Undocumented route");
  }
}
