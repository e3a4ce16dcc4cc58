package ai.asta.spotify.http;

import ai.asta.spotify.bus.BusError;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The one place that turns replies and failures into HTTP responses. */
final class Replies {
  private Replies() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(body.encode());
  }

  /** {@code {"error": "...", "reason"?: "..."}}, with Retry-After on a 429. */
  static void error(RoutingContext ctx, BusError e) {
    retryAfter(ctx, e);
    json(ctx, e.status(), e.toJson());
  }

  /** The play route keeps its shape on failure: {@code {"ok": false, "error": "..."}}. */
  static void playError(RoutingContext ctx, BusError e) {
    retryAfter(ctx, e);
    JsonObject body = new JsonObject().put("ok", false).put("error", e.getMessage());
    if (e.reason() != null) {
      body.put("reason", e.reason());
    }
    if (e.retryAfterSeconds() != null) {
      body.put("retry_after", e.retryAfterSeconds());
    }
    json(ctx, e.status(), body);
  }

  private static void retryAfter(RoutingContext ctx, BusError e) {
    if (e.retryAfterSeconds() != null) {
      ctx.response().putHeader("Retry-After", Long.toString(e.retryAfterSeconds()));
    }
  }

  static void redirect(RoutingContext ctx, String location) {
    ctx.response()
        .setStatusCode(302)
        .putHeader("Location", location)
        .putHeader("Cache-Control", "no-store")
        .end();
  }
}
