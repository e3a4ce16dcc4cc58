package ai.asta.spotify.http;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.config.AppConfig;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * What a request the contract rejects gets: a 400 that says what does not match and how to send it;
 * 413 for a body over the limit. The player commands keep the play shape, and the browser's
 * callback is still redirected to the settings page.
 */
final class ContractFailures {
  private static final Set<String> COMMANDS =
      Set.of("play", "playSearch", "pause", "resume", "volume", "transfer");

  private ContractFailures() {}

  static Handler<RoutingContext> forOperation(String operationId, AppConfig config) {
    return ctx -> {
      BusError error = describe(ctx);
      if (error == null) {
        ctx.next();
      } else if ("callback".equals(operationId)) {
        Replies.redirect(
            ctx,
            config.settingsPageUrl()
                + "?spotify=error&msg="
                + URLEncoder.encode(
                    "The sign-in response was malformed. Start again from Connect.",
                    StandardCharsets.UTF_8));
      } else if (COMMANDS.contains(operationId)) {
        Replies.playError(ctx, error);
      } else {
        Replies.error(ctx, error);
      }
    };
  }

  private static BusError describe(RoutingContext ctx) {
    if (ctx.failure() instanceof BusError e) {
      return e;
    }
    if (ctx.statusCode() == 413) {
      return new BusError(
          413,
          "The request body is larger than " + ApiRoutes.MAX_BODY_BYTES + " bytes.",
          "too_large",
          null);
    }
    // The router builder wraps a contract violation in a 400 HttpException.
    Throwable failure = ctx.failure();
    if (failure instanceof HttpException http && http.getCause() != null) {
      failure = http.getCause();
    }
    if (failure instanceof ValidatorException e) {
      String detail = e.getMessage().endsWith(".") ? e.getMessage() : e.getMessage() + ".";
      boolean body = detail.contains("request body");
      boolean unreadable = detail.contains("can't be decoded") || detail.contains("not supported");
      return new BusError(
          400,
          "The request does not match the API (described at /openapi.yaml): "
              + detail
              + (body
                  ? " Send a JSON object with the header 'Content-Type: application/json'."
                  : ""),
          unreadable ? "invalid_json" : "invalid_request",
          null);
    }
    return null;
  }
}
