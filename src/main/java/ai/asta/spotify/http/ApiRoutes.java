package ai.asta.spotify.http;

import ai.asta.spotify.bus.BusContract;
import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The REST routes of {@code /api/spotify}. Each one authenticates, validates, makes one bus
 * request, and maps the reply or the failure; the work happens behind the bus.
 */
final class ApiRoutes {
  static final long MAX_BODY_BYTES = 16 * 1024;

  private final EventBus bus;
  private final AppConfig config;
  private final ApiAuth auth;

  ApiRoutes(EventBus bus, AppConfig config) {
    this.bus = bus;
    this.config = config;
    this.auth = new ApiAuth(config);
  }

  /**
   * Binds each operation of the contract ({@code openapi.yaml}) to its handlers. The router builder
   * has already validated the request against the contract when these run; a request the contract
   * rejects never reaches them (see {@link ContractFailures}).
   */
  void mount(RouterBuilder builder) {
    bind(builder, "callback", false, this::callback);
    bind(builder, "connect", false, this::connect);
    bind(builder, "status", true, userRequest(BusContract.STATUS));
    bind(builder, "disconnect", true, userRequest(BusContract.DISCONNECT));
    bind(builder, "setup", true, userRequest(BusContract.SETUP));
    bind(builder, "devices", true, userRequest(BusContract.DEVICES));
    bind(builder, "nowPlaying", true, userRequest(BusContract.NOW_PLAYING));
    bind(builder, "play", true, command(BusContract.PLAY, "track_uri", "device_id"));
    bind(builder, "playSearch", true, command(BusContract.PLAY_SEARCH, "query", "device_id"));
    bind(builder, "pause", true, command(BusContract.PAUSE, "device_id"));
    bind(builder, "resume", true, command(BusContract.RESUME, "device_id"));
    bind(builder, "volume", true, command(BusContract.VOLUME, "volume_percent", "device_id"));
    bind(builder, "transfer", true, command(BusContract.TRANSFER, "device_id", "play"));
    bind(
        builder,
        "getApp",
        true,
        ctx -> relay(ctx, BusContract.APP_STATUS, new JsonObject(), Replies::error));
    bind(builder, "saveApp", true, this::saveApp);
    bind(
        builder,
        "testApp",
        true,
        ctx -> relay(ctx, BusContract.APP_TEST, new JsonObject(), Replies::error));
  }

  private void bind(
      RouterBuilder builder,
      String operationId,
      boolean authenticated,
      io.vertx.core.Handler<RoutingContext> handler) {
    OpenAPIRoute route = builder.getRoute(operationId);
    // Authentication is ApiAuth's (tokens, service tokens, the open loopback mode); the contract
    // documents the scheme.
    route.setDoSecurity(false);
    if (authenticated) {
      route.addHandler(auth);
    }
    route.addHandler(handler);
    route.addFailureHandler(ContractFailures.forOperation(operationId, config));
  }

  private io.vertx.core.Handler<RoutingContext> userRequest(String address) {
    return ctx -> relay(ctx, address, forUser(ctx), Replies::error);
  }

  private JsonObject forUser(RoutingContext ctx) {
    return new JsonObject().put("user", ApiAuth.user(ctx));
  }

  /**
   * A player command: its JSON body's named fields go on the bus with the user; it answers in the
   * play route's shape, {@code {"ok": ..., "error": ...}}, success or failure. An empty body is
   * allowed where every field is optional.
   */
  private io.vertx.core.Handler<RoutingContext> command(String address, String... fields) {
    return ctx -> {
      JsonObject body;
      try {
        String text = ctx.body().asString();
        body = text == null || text.isBlank() ? new JsonObject() : jsonBody(ctx);
      } catch (BusError e) {
        Replies.playError(ctx, e);
        return;
      }
      JsonObject request = new JsonObject().put("user", ApiAuth.user(ctx));
      for (String field : fields) {
        request.put(field, body.getValue(field));
      }
      relay(ctx, address, request, Replies::playError);
    };
  }

  private void saveApp(RoutingContext ctx) {
    try {
      JsonObject body = jsonBody(ctx);
      JsonObject request = new JsonObject();
      for (String field : new String[] {"client_id", "client_secret"}) {
        if (body.containsKey(field)) {
          request.put(field, body.getValue(field));
        }
      }
      if (request.isEmpty()) {
        throw new BusError(
            400,
            "Send {\"client_id\": \"...\", \"client_secret\": \"...\"}; either may be left out,"
                + " and an empty string clears it.");
      }
      relay(ctx, BusContract.APP_SAVE, request, Replies::error);
    } catch (BusError e) {
      Replies.error(ctx, e);
    }
  }

  /** A browser opening the link is sent straight to Spotify; an API client gets the URL. */
  private void connect(RoutingContext ctx) {
    String ticket = ctx.request().getParam("ticket");
    Function<RoutingContext, Future<Message<JsonObject>>> send;
    if (ticket != null) {
      send =
          c ->
              bus.request(
                  BusContract.CONNECT_WITH_TICKET,
                  new JsonObject().put("ticket", ticket),
                  BusContract.options());
    } else {
      String user;
      try {
        user = auth.authenticate(ctx);
      } catch (BusError e) {
        Replies.error(ctx, e);
        return;
      }
      send =
          c ->
              bus.request(
                  BusContract.CONNECT, new JsonObject().put("user", user), BusContract.options());
    }
    send.apply(ctx)
        .onSuccess(
            reply -> {
              String url = reply.body().getString("url");
              String accept = ctx.request().getHeader("Accept");
              if (accept != null && accept.contains("text/html")) {
                Replies.redirect(ctx, url);
              } else {
                Replies.json(ctx, 200, reply.body());
              }
            })
        .onFailure(e -> Replies.error(ctx, BusError.parse(e)));
  }

  /** Never authenticated by bearer token: the single-use state identifies the user. */
  private void callback(RoutingContext ctx) {
    JsonObject request = new JsonObject();
    for (String param : new String[] {"state", "code", "error"}) {
      String value = ctx.request().getParam(param);
      if (value != null) {
        request.put(param, value);
      }
    }
    bus.<JsonObject>request(BusContract.CALLBACK, request, BusContract.options())
        .map(Message::body)
        .otherwise(
            e ->
                new JsonObject()
                    .put("outcome", "error")
                    .put("message", BusError.parse(e).getMessage()))
        .onSuccess(outcome -> Replies.redirect(ctx, settingsUrl(outcome)));
  }

  String settingsUrl(JsonObject outcome) {
    String page = config.settingsPageUrl();
    if ("connected".equals(outcome.getString("outcome"))) {
      return page + "?spotify=connected";
    }
    return page
        + "?spotify=error&msg="
        + URLEncoder.encode(outcome.getString("message", "unknown error"), StandardCharsets.UTF_8);
  }

  private void relay(
      RoutingContext ctx,
      String address,
      JsonObject request,
      BiConsumer<RoutingContext, BusError> onError) {
    bus.<JsonObject>request(address, request, BusContract.options())
        .onSuccess(reply -> Replies.json(ctx, 200, reply.body()))
        .onFailure(e -> onError.accept(ctx, BusError.parse(e)));
  }

  private static JsonObject jsonBody(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      throw new BusError(
          400, "The request body is empty; send a JSON object.", "invalid_json", null);
    }
    try {
      Object parsed = io.vertx.core.json.Json.decodeValue(text);
      if (parsed instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      throw new BusError(
          400, "The request body is not valid JSON; send a JSON object.", "invalid_json", null);
    }
    throw new BusError(400, "The request body must be a JSON object.", "invalid_json", null);
  }
}
