package ai.asta.spotify.support;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ResponseValidator;
import io.vertx.openapi.validation.ValidatableResponse;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks every response the integration tests receive from the service against its own contract
 * ({@code src/main/resources/openapi.yaml}): the route must be documented, the status listed, the
 * body valid. An undocumented status or field fails the test that received it.
 */
public final class ApiConformance {
  private static final AtomicLong CHECKED = new AtomicLong();
  private static Vertx vertx;
  private static OpenAPIContract contract;
  private static ResponseValidator validator;

  private ApiConformance() {}

  private static synchronized void load() {
    if (contract != null) {
      return;
    }
    vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      contract = OpenAPIContract.from(vertx, "openapi.yaml").await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(
          "The service's openapi.yaml does not load: " + e.getMessage(), e);
    }
    validator = ResponseValidator.create(vertx, contract);
  }

  /** Whether a response from this URL is one of the service's documented routes to check. */
  static boolean applies(URI uri) {
    String path = uri.getPath();
    return "127.0.0.1".equals(uri.getHost())
        && (path.startsWith("/api/spotify/") || path.equals("/health") || path.equals("/ready"));
  }

  static void check(String method, URI uri, Http.Reply reply) {
    load();
    Operation op = contract.findOperation(uri.getPath(), HttpMethod.valueOf(method));
    if (op == null) {
      // Not a route of the API: only the router's own JSON 404/405 may answer it.
      boolean routerError =
          (reply.status() == 404 || reply.status() == 405)
              && reply.text() != null
              && reply.text().startsWith("{\"error\"");
      if (!routerError) {
        throw new AssertionError(
            "Undocumented route in openapi.yaml: " + method + " " + uri.getPath() + " -> " + reply);
      }
      CHECKED.incrementAndGet();
      return;
    }
    if (op.getResponse(reply.status()) == null) {
      throw new AssertionError(
          "openapi.yaml lists no " + reply.status() + " for " + op.getOperationId() + ": " + reply);
    }
    Map<String, String> headers = new HashMap<>();
    reply.headers().map().forEach((k, v) -> headers.put(k, String.join(",", v)));
    String type = reply.header("Content-Type");
    ValidatableResponse response =
        reply.text() == null || reply.text().isEmpty()
            ? ValidatableResponse.create(reply.status(), headers)
            : ValidatableResponse.create(
                reply.status(), headers, Buffer.buffer(reply.text()), type);
    try {
      validator.validate(response, op.getOperationId()).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError(
          "Response does not match openapi.yaml for "
              + op.getOperationId()
              + ": "
              + e.getMessage()
              + " | "
              + reply,
          e);
    }
    CHECKED.incrementAndGet();
  }

  /** How many responses were checked in this JVM. */
  public static long checked() {
    return CHECKED.get();
  }
}
