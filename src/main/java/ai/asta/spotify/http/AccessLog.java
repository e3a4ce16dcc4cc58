package ai.asta.spotify.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One log line per request: method, path without its query (a query can carry a code, state or
 * ticket), status, duration and a request id, which is also returned in {@code X-Request-Id}.
 */
final class AccessLog implements Handler<RoutingContext> {
  private static final Logger LOG = LoggerFactory.getLogger("asta.access");

  @Override
  public void handle(RoutingContext ctx) {
    long start = System.nanoTime();
    String id = UUID.randomUUID().toString();
    ctx.response().putHeader("X-Request-Id", id);
    ctx.addEndHandler(
        v ->
            LOG.info(
                "{} {} {} {}ms id={}",
                ctx.request().method(),
                ctx.request().path(),
                ctx.response().getStatusCode(),
                (System.nanoTime() - start) / 1_000_000,
                id));
    ctx.next();
  }
}
