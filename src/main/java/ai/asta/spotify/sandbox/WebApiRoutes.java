package ai.asta.spotify.sandbox;

import ai.asta.spotify.sandbox.SimulatorState.Access;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.function.BiConsumer;

/**
 * Spotify's Web API under {@code /v1}: the profile, the player endpoints and search. Every endpoint
 * counts its requests, plays injected faults, checks the access token (401 when missing, unknown or
 * expired) and spends the app's rolling request budget (429 with Retry-After).
 */
final class WebApiRoutes {
  /** The texts Spotify has used for a 401; they rotate so no client can branch on one. */
  private static final String[] UNAUTHORIZED = {
    "The access token expired", "Invalid access token", "Missing/invalid/expired access token"
  };

  private final Vertx vertx;
  private final SimulatorState state;
  private final String baseUrl;
  private final PlayerEndpoints player;
  private int unauthorizedCount;

  WebApiRoutes(Vertx vertx, SimulatorState state, String baseUrl) {
    this.vertx = vertx;
    this.state = state;
    this.baseUrl = baseUrl;
    this.player = new PlayerEndpoints(state, baseUrl);
  }

  void mount(Router router) {
    endpoint(
        router,
        HttpMethod.GET,
        "/v1/me",
        (ctx, u) -> SimReplies.json(ctx, 200, u.profile(baseUrl)));
    endpoint(router, HttpMethod.GET, "/v1/me/player/devices", player::devices);
    endpoint(router, HttpMethod.PUT, "/v1/me/player/play", player::play);
    endpoint(router, HttpMethod.PUT, "/v1/me/player", player::transfer);
    endpoint(router, HttpMethod.PUT, "/v1/me/player/pause", player::pause);
    endpoint(router, HttpMethod.PUT, "/v1/me/player/volume", player::volume);
    endpoint(router, HttpMethod.GET, "/v1/me/player", player::playbackState);
    endpoint(router, HttpMethod.GET, "/v1/me/player/currently-playing", player::currentlyPlaying);
    endpoint(router, HttpMethod.GET, "/v1/search", (ctx, u) -> search(ctx));
  }

  private void endpoint(
      Router router, HttpMethod method, String path, BiConsumer<RoutingContext, SimUser> handler) {
    String key = method.name() + " " + path;
    router
        .route(method, path)
        .handler(BodyHandler.create(false).setBodyLimit(64 * 1024))
        .handler(
            ctx -> {
              if (!SimReplies.faulted(vertx, state, ctx, key, true)) {
                ctx.next();
              }
            })
        .handler(authorized(handler));
  }

  private Handler<RoutingContext> authorized(BiConsumer<RoutingContext, SimUser> handler) {
    return ctx -> {
      String header = ctx.request().getHeader("Authorization");
      String token =
          header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
      long now = System.currentTimeMillis();
      synchronized (state) {
        Access access = token == null ? null : state.accessTokens.get(token);
        if (access == null || access.expiresAt() <= now) {
          SimReplies.apiError(
              ctx, 401, UNAUTHORIZED[unauthorizedCount++ % UNAUTHORIZED.length], null);
          return;
        }
        long wait = state.spendBudget(access.clientId(), now);
        if (wait > 0) {
          ctx.response().putHeader("Retry-After", Long.toString(wait));
          SimReplies.apiError(ctx, 429, "API rate limit exceeded", null);
          return;
        }
        SimUser user = access.userId() == null ? null : state.users.get(access.userId());
        if (user == null && !ctx.request().path().equals("/v1/search")) {
          SimReplies.apiError(ctx, 401, "Valid user authentication required", null);
          return;
        }
        handler.accept(ctx, user);
      }
    };
  }

  private void search(RoutingContext ctx) {
    String q = ctx.request().getParam("q");
    String type = ctx.request().getParam("type");
    if (q == null || q.isBlank()) {
      SimReplies.apiError(ctx, 400, "No search query", null);
      return;
    }
    if (type == null || type.isBlank()) {
      SimReplies.apiError(ctx, 400, "Missing parameter type", null);
      return;
    }
    int limit;
    int offset;
    try {
      limit = Integer.parseInt(ctx.request().getParam("limit", "5"));
      offset = Integer.parseInt(ctx.request().getParam("offset", "0"));
    } catch (NumberFormatException e) {
      SimReplies.apiError(ctx, 400, "Invalid limit", null);
      return;
    }
    if (limit < 1 || limit > 10 || offset < 0) {
      SimReplies.apiError(ctx, 400, "Invalid limit", null);
      return;
    }
    JsonObject reply = new JsonObject();
    if (type.contains("track")) {
      var all = Catalog.search(q, Catalog.TRACKS.size());
      JsonArray items = new JsonArray();
      all.stream().skip(offset).limit(limit).forEach(t -> items.add(t.toJson(baseUrl)));
      String href = baseUrl + "/v1/search?offset=" + offset + "&limit=" + limit + "&type=track";
      reply.put(
          "tracks",
          new JsonObject()
              .put("href", href)
              .put("items", items)
              .put("limit", limit)
              .put("offset", offset)
              .put("total", all.size())
              .put(
                  "next",
                  offset + limit < all.size()
                      ? baseUrl
                          + "/v1/search?offset="
                          + (offset + limit)
                          + "&limit="
                          + limit
                          + "&type=track"
                      : null)
              .put(
                  "previous",
                  offset > 0
                      ? baseUrl
                          + "/v1/search?offset="
                          + Math.max(0, offset - limit)
                          + "&limit="
                          + limit
                          + "&type=track"
                      : null));
    }
    SimReplies.json(ctx, 200, reply);
  }

  /** Parses an optional JSON body; answers null after replying 400 when it is malformed. */
  static JsonObject body(RoutingContext ctx) {
    String text = ctx.body().asString();
    if (text == null || text.isBlank()) {
      return new JsonObject();
    }
    try {
      return new JsonObject(text);
    } catch (DecodeException | ClassCastException e) {
      SimReplies.apiError(ctx, 400, "Malformed json", null);
      return null;
    }
  }
}
