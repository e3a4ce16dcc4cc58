package ai.asta.spotify.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The simulator's control surface over HTTP, under {@code /sim} (it exists only in the simulator):
 * accounts and devices, token expiry and revocation, fault injection, counters and what plays.
 */
final class ControlRoutes {
  private final SimulatorState state;

  ControlRoutes(SimulatorState state) {
    this.state = state;
  }

  void mount(Router router) {
    router.route("/sim/*").handler(BodyHandler.create(false).setBodyLimit(64 * 1024));
    router.get("/sim/users").handler(this::users);
    router.post("/sim/users").handler(ctx -> change(ctx, body -> addUser(body)));
    router
        .put("/sim/users/:id/premium")
        .handler(ctx -> change(ctx, b -> state.setPremium(id(ctx), b.getBoolean("premium", true))));
    router
        .post("/sim/users/:id/devices")
        .handler(ctx -> change(ctx, b -> state.addDevice(id(ctx), SimDevice.fromJson(b))));
    router
        .delete("/sim/users/:id/devices")
        .handler(ctx -> change(ctx, b -> state.clearDevices(id(ctx))));
    router
        .post("/sim/users/:id/expire-token")
        .handler(ctx -> change(ctx, b -> state.expireAccessTokens(id(ctx))));
    router
        .post("/sim/users/:id/revoke")
        .handler(ctx -> change(ctx, b -> state.revokeRefreshTokens(id(ctx))));
    router
        .get("/sim/users/:id/playing")
        .handler(
            ctx -> ok(ctx, new JsonObject().put("track_uri", state.currentlyPlaying(id(ctx)))));
    router
        .post("/sim/faults")
        .handler(
            ctx ->
                change(
                    ctx,
                    b ->
                        state.inject(
                            b.getString("endpoint"), Fault.fromJson(b), b.getInteger("times", 1))));
    router.delete("/sim/faults").handler(ctx -> change(ctx, b -> state.clearFaults()));
    router
        .get("/sim/counters")
        .handler(ctx -> ok(ctx, new JsonObject(Map.copyOf(state.counters()))));
    router.delete("/sim/counters").handler(ctx -> change(ctx, b -> state.resetCounters()));
    router.put("/sim/config").handler(ctx -> change(ctx, this::configure));
  }

  private void users(RoutingContext ctx) {
    JsonArray users = new JsonArray();
    synchronized (state) {
      state
          .users
          .values()
          .forEach(
              u -> {
                JsonArray devices = new JsonArray();
                u.devices.forEach(d -> devices.add(d.toJson()));
                users.add(
                    new JsonObject()
                        .put("id", u.id)
                        .put("display_name", u.displayName)
                        .put("premium", u.premium)
                        .put("devices", devices));
              });
    }
    ok(ctx, new JsonObject().put("users", users));
  }

  private void addUser(JsonObject body) {
    SimUser user =
        new SimUser(body.getString("id"), body.getString("display_name", body.getString("id")));
    user.premium(body.getBoolean("premium", true));
    body.getJsonArray("devices", new JsonArray())
        .forEach(d -> user.device(SimDevice.fromJson((JsonObject) d)));
    state.addUser(user);
  }

  private void configure(JsonObject body) {
    if (body.containsKey("access_token_lifetime_ms")) {
      state.setAccessTokenLifetime(body.getLong("access_token_lifetime_ms"));
    }
    if (body.containsKey("code_lifetime_ms")) {
      state.setCodeLifetime(body.getLong("code_lifetime_ms"));
    }
    if (body.containsKey("rate_budget")) {
      state.setRateBudget(body.getInteger("rate_budget"), body.getLong("rate_window_ms", 30_000L));
    }
  }

  private static String id(RoutingContext ctx) {
    return ctx.pathParam("id");
  }

  private static void change(RoutingContext ctx, Consumer<JsonObject> action) {
    try {
      String text = ctx.body().asString();
      action.accept(text == null || text.isBlank() ? new JsonObject() : new JsonObject(text));
      ok(ctx, new JsonObject().put("ok", true));
    } catch (RuntimeException e) {
      SimReplies.json(ctx, 400, new JsonObject().put("error", String.valueOf(e.getMessage())));
    }
  }

  private static void ok(RoutingContext ctx, JsonObject body) {
    SimReplies.json(ctx, 200, body);
  }
}
