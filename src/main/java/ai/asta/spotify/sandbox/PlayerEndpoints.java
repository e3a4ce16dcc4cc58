package ai.asta.spotify.sandbox;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.regex.Pattern;

/**
 * The player endpoints, with Spotify's recorded failures: 403 PREMIUM_REQUIRED for a free account,
 * 404 NO_ACTIVE_DEVICE without device_id and no active device, 404 "Device not found" for an
 * unknown id, 403 "Restriction violated" for a restricted device or a command not allowed now.
 * Callers hold the state's lock.
 */
final class PlayerEndpoints {
  private static final Pattern PLAYABLE =
      Pattern.compile("spotify:(track|episode):[0-9A-Za-z]{22}");
  private static final Pattern CONTEXT =
      Pattern.compile("spotify:(album|playlist|artist|show):[0-9A-Za-z]{22}");

  private final SimulatorState state;
  private final String baseUrl;

  PlayerEndpoints(SimulatorState state, String baseUrl) {
    this.state = state;
    this.baseUrl = baseUrl;
  }

  void devices(RoutingContext ctx, SimUser user) {
    JsonArray devices = new JsonArray();
    user.devices.forEach(d -> devices.add(d.toJson()));
    SimReplies.json(ctx, 200, new JsonObject().put("devices", devices));
  }

  void play(RoutingContext ctx, SimUser user) {
    JsonObject body = WebApiRoutes.body(ctx);
    if (body == null || !premium(ctx, user)) {
      return;
    }
    SimDevice device = target(ctx, user);
    if (device == null) {
      return;
    }
    JsonArray uris = body.getJsonArray("uris");
    String context = body.getString("context_uri");
    if (uris != null) {
      if (uris.isEmpty()
          || !uris.stream().allMatch(u -> u instanceof String s && PLAYABLE.matcher(s).matches())) {
        SimReplies.apiError(ctx, 400, "Invalid track uri: " + uris.encode(), null);
        return;
      }
      user.itemUri = uris.getString(0);
      user.contextUri = null;
    } else if (context != null) {
      if (!CONTEXT.matcher(context).matches()) {
        SimReplies.apiError(ctx, 400, "Invalid context uri: " + context, null);
        return;
      }
      user.contextUri = context;
      user.itemUri =
          Catalog.TRACKS.get(Math.floorMod(context.hashCode(), Catalog.TRACKS.size())).uri();
    } else if (user.itemUri == null) {
      SimReplies.apiError(ctx, 403, "Player command failed: Restriction violated", "UNKNOWN");
      return;
    }
    user.activate(device);
    if (uris != null || context != null) {
      user.positionMs = body.getLong("position_ms", 0L);
    }
    user.playing = true;
    user.positionAt = System.currentTimeMillis();
    SimReplies.noContent(ctx);
  }

  void transfer(RoutingContext ctx, SimUser user) {
    JsonObject body = WebApiRoutes.body(ctx);
    if (body == null || !premium(ctx, user)) {
      return;
    }
    JsonArray ids = body.getJsonArray("device_ids");
    if (ids == null || ids.size() != 1 || !(ids.getValue(0) instanceof String id)) {
      SimReplies.apiError(ctx, 400, "Exactly one device id must be given in device_ids", null);
      return;
    }
    SimDevice device = user.device(id);
    if (device == null) {
      SimReplies.apiError(ctx, 404, "Device not found", null);
      return;
    }
    if (device.restricted) {
      SimReplies.apiError(ctx, 403, "Player command failed: Restriction violated", "UNKNOWN");
      return;
    }
    long now = System.currentTimeMillis();
    user.positionMs = user.progressMs(now);
    user.positionAt = now;
    user.activate(device);
    if (body.getBoolean("play", false) && user.itemUri != null) {
      user.playing = true;
    }
    SimReplies.noContent(ctx);
  }

  void pause(RoutingContext ctx, SimUser user) {
    if (!premium(ctx, user)) {
      return;
    }
    SimDevice device = target(ctx, user);
    if (device == null) {
      return;
    }
    if (!user.playing || !device.active) {
      SimReplies.apiError(ctx, 403, "Player command failed: Restriction violated", "UNKNOWN");
      return;
    }
    long now = System.currentTimeMillis();
    user.positionMs = user.progressMs(now);
    user.positionAt = now;
    user.playing = false;
    SimReplies.noContent(ctx);
  }

  void volume(RoutingContext ctx, SimUser user) {
    if (!premium(ctx, user)) {
      return;
    }
    String raw = ctx.request().getParam("volume_percent");
    int percent;
    try {
      percent = Integer.parseInt(raw);
    } catch (NumberFormatException e) {
      SimReplies.apiError(ctx, 400, "Required parameter volume_percent missing", null);
      return;
    }
    if (percent < 0 || percent > 100) {
      SimReplies.apiError(ctx, 400, "Invalid volume_percent", null);
      return;
    }
    SimDevice device = target(ctx, user);
    if (device == null) {
      return;
    }
    if (!device.supportsVolume) {
      SimReplies.apiError(
          ctx,
          403,
          "Player command failed: Cannot control device volume",
          "VOLUME_CONTROL_DISALLOW");
      return;
    }
    device.volumePercent = percent;
    SimReplies.noContent(ctx);
  }

  void playbackState(RoutingContext ctx, SimUser user) {
    SimDevice active = user.activeDevice();
    if (active == null || user.itemUri == null) {
      SimReplies.noContent(ctx);
      return;
    }
    JsonObject playing =
        nowPlaying(user)
            .put("device", active.toJson())
            .put("repeat_state", "off")
            .put("shuffle_state", false);
    SimReplies.json(ctx, 200, playing);
  }

  void currentlyPlaying(RoutingContext ctx, SimUser user) {
    if (user.activeDevice() == null || user.itemUri == null) {
      SimReplies.noContent(ctx);
      return;
    }
    SimReplies.json(ctx, 200, nowPlaying(user));
  }

  private JsonObject nowPlaying(SimUser user) {
    long now = System.currentTimeMillis();
    JsonObject item = Catalog.byUri(user.itemUri).map(t -> t.toJson(baseUrl)).orElse(null);
    JsonObject context = null;
    if (user.contextUri != null) {
      String[] parts = user.contextUri.split(":");
      context =
          new JsonObject()
              .put("type", parts[1])
              .put("uri", user.contextUri)
              .put("href", baseUrl + "/v1/" + parts[1] + "s/" + parts[2])
              .put(
                  "external_urls",
                  new JsonObject()
                      .put("spotify", "https://open.spotify.com/" + parts[1] + "/" + parts[2]));
    }
    JsonObject reply =
        new JsonObject()
            .put("timestamp", now)
            .put("progress_ms", user.progressMs(now))
            .put("is_playing", user.playing)
            .put("currently_playing_type", "track")
            .put(
                "actions",
                new JsonObject().put("disallows", new JsonObject().put("resuming", user.playing)));
    if (context != null) {
      // Spotify sends null when there is no context; the description allows only leaving it out.
      reply.put("context", context);
    }
    if (item != null) {
      reply.put("item", item);
    } else {
      // A track outside the built-in catalog: Spotify still names it by URI.
      reply.put(
          "item",
          new JsonObject()
              .put("uri", user.itemUri)
              .put("type", "track")
              .put("id", user.itemUri.substring(user.itemUri.lastIndexOf(':') + 1)));
    }
    return reply;
  }

  private static boolean premium(RoutingContext ctx, SimUser user) {
    if (!user.premium) {
      SimReplies.apiError(ctx, 403, "Player command failed: Premium required", "PREMIUM_REQUIRED");
      return false;
    }
    return true;
  }

  /** The device a command acts on: the one named by device_id, else the active one. */
  private static SimDevice target(RoutingContext ctx, SimUser user) {
    String id = ctx.request().getParam("device_id");
    SimDevice device;
    if (id != null) {
      device = user.device(id);
      if (device == null) {
        SimReplies.apiError(ctx, 404, "Device not found", null);
        return null;
      }
    } else {
      device = user.activeDevice();
      if (device == null) {
        SimReplies.apiError(
            ctx, 404, "Player command failed: No active device found", "NO_ACTIVE_DEVICE");
        return null;
      }
    }
    if (device.restricted) {
      SimReplies.apiError(ctx, 403, "Player command failed: Restriction violated", "UNKNOWN");
      return null;
    }
    return device;
  }
}
