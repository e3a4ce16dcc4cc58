package ai.asta.spotify.http;

import ai.asta.spotify.metrics.Metrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path without its query (a query can carry a code, state or
 * ticket), status, duration and a request id, which is also returned in {@code X-Request-Id}. It
 * wraps the whole router, so requests that routing rejects early (413, 404) are logged too.
 */
final class AccessLog implements Handler<HttpServerRequest> {
  private static final Logger LOG = LoggerFactory.getLogger("asta.access");

  private final Handler<HttpServerRequest> next;
  private final Metrics metrics;
  private final Function<String, String> routeOf;

  /**
   * @param routeOf the route template a path belongs to: the metric's label, a closed set
   */
  AccessLog(Handler<HttpServerRequest> next, Metrics metrics, Function<String, String> routeOf) {
    this.next = next;
    this.metrics = metrics;
    this.routeOf = routeOf;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    // Not a secret, only a correlation id: a fast random source will do (UUID.randomUUID would
    // draw from SecureRandom on every request).
    String id = Long.toHexString(ThreadLocalRandom.current().nextLong());
    request.response().putHeader("X-Request-Id", id);
    request
        .response()
        .endHandler(
            v -> {
              long nanos = System.nanoTime() - start;
              int status = request.response().getStatusCode();
              metrics.httpRequest(
                  request.method().name(), routeOf.apply(request.path()), status, nanos);
              LOG.info(
                  "{} {} {} {}ms id={}",
                  request.method(),
                  request.path(),
                  status,
                  nanos / 1_000_000,
                  id);
            });
    next.handle(request);
  }
}
