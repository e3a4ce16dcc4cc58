package ai.asta.spotify.sandbox;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/** Spotify's response shapes, and the fault that may replace a response. */
final class SimReplies {
  private SimReplies() {}

  static void json(RoutingContext ctx, int status, JsonObject body) {
    Buffer encoded = body.toBuffer();
    record(ctx, status, "application/json; charset=utf-8", encoded);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json; charset=utf-8")
        .end(encoded);
  }

  static void noContent(RoutingContext ctx) {
    empty(ctx, 204);
  }

  static void empty(RoutingContext ctx, int status) {
    record(ctx, status, null, Buffer.buffer());
    ctx.response().setStatusCode(status).end();
  }

  /** Hands Web API exchanges to the state's listener, when a test has set one. */
  private static void record(RoutingContext ctx, int status, String contentType, Buffer body) {
    SimulatorState state = ctx.get(SimulatorState.class.getName());
    if (state == null || !ctx.request().path().startsWith("/v1/")) {
      return;
    }
    Map<String, String> query = new LinkedHashMap<>();
    ctx.queryParams().forEach(e -> query.putIfAbsent(e.getKey(), e.getValue()));
    state.exchanged(
        new Exchange(
            ctx.request().method().name(),
            ctx.request().path(),
            query,
            ctx.request().getHeader("Content-Type"),
            ctx.body() == null || ctx.body().buffer() == null
                ? Buffer.buffer()
                : ctx.body().buffer(),
            status,
            contentType,
            body));
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
    ctx.put(SimulatorState.class.getName(), state);
    state.increment(endpoint);
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
          empty(ctx, 202);
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
