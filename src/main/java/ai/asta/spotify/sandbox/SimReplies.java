package ai.asta.spotify.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Spotify's response shapes, and the fault that may replace a response. */
final class SimReplies {
  private SimReplies() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(body.encode());
  }

  static void noContent(RoutingContext ctx) {
    ctx.response().setStatusCode(204).end();
  }

  /** The Web API's error shape; {@code reason} only on player errors. */
  static void apiError(RoutingContext ctx, int status, String message, String reason) {
    JsonObject error = new JsonObject().put("status", status).put("message", message);
    if (reason != null) {
      error.put("reason", reason);
    }
    json(ctx, status, new JsonObject().put("error", error));
  }

  /** The accounts service's error shape. */
  static void oauthError(RoutingContext ctx, int status, String error, String description) {
    json(ctx, status, new JsonObject().put("error", error).put("error_description", description));
  }

  /**
   * Counts the request and plays the next injected fault of {@code endpoint}, if any. Answers true
   * when the fault took the response; a delay fault answers false after continuing later.
   */
  static boolean faulted(
      Vertx vertx, SimulatorState state, RoutingContext ctx, String endpoint, boolean webApi) {
    state.count(endpoint);
    Fault fault = state.nextFault(endpoint);
    if (fault == null) {
      return false;
    }
    switch (fault.kind()) {
      case DROP -> ctx.request().connection().close();
      case DELAY -> {
        // The real answer, late: the handler runs again once the delay has passed.
        vertx.setTimer(fault.delayMs(), t -> ctx.next());
        return true;
      }
      case STATUS -> {
        if (fault.retryAfter() != null) {
          ctx.response().putHeader("Retry-After", fault.retryAfter());
        }
        int status = fault.status();
        if (status == 202) {
          ctx.response().setStatusCode(202).end();
        } else if (webApi) {
          apiError(ctx, status, status == 429 ? "API rate limit exceeded" : "Server error", null);
        } else {
          oauthError(ctx, status, "server_error", "Unexpected status: " + status);
        }
      }
    }
    return true;
  }
}
