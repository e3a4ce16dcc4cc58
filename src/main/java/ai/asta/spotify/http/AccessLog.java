package ai.asta.spotify.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import java.util.UUID;
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

  AccessLog(Handler<HttpServerRequest> next) {
    this.next = next;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long start = System.nanoTime();
    String id = UUID.randomUUID().toString();
    request.response().putHeader("X-Request-Id", id);
    request
        .response()
        .endHandler(
            v ->
                LOG.info(
                    "{} {} {} {}ms id={}",
                    request.method(),
                    request.path(),
                    request.response().getStatusCode(),
                    (System.nanoTime() - start) / 1_000_000,
                    id));
    next.handle(request);
  }
}
