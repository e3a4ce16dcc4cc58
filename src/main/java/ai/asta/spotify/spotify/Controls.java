package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.spotify.WebApiClient.Answer;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The player controls an assistant needs after play: pause, resume, volume, transfer, what is
 * playing now, and search-then-play. Commands without a device act on the active one, as Spotify
 * does.
 */
public final class Controls {
  private static final int MAX_QUERY_LENGTH = 200;

  private final UserCalls calls;
  private final Player player;

  public Controls(UserCalls calls, Player player) {
    this.calls = calls;
    this.player = player;
  }

  public Future<JsonObject> pause(String user, JsonObject request) {
    return command(user, "/me/player/pause", request, Map.of(), null, "pause");
  }

  public Future<JsonObject> resume(String user, JsonObject request) {
    return command(user, "/me/player/play", request, Map.of(), null, "resume");
  }

  public Future<JsonObject> volume(String user, JsonObject request) {
    Object value = request.getValue("volume_percent");
    if (!(value instanceof Integer percent) || percent < 0 || percent > 100) {
      throw new BusError(
          400, "volume_percent must be a whole number from 0 to 100.", "invalid_volume", null);
    }
    return command(
            user,
            "/me/player/volume",
            request,
            Map.of("volume_percent", Integer.toString(percent)),
            null,
            "set the volume")
        .map(reply -> reply.put("volume_percent", percent));
  }

  public Future<JsonObject> transfer(String user, JsonObject request) {
    String device =
        Player.deviceId(request.getValue("device_id"))
            .orElseThrow(
                () ->
                    new BusError(
                        400,
                        "device_id is required: the device to move playback to (see GET"
                            + " /api/spotify/devices).",
                        "invalid_device_id",
                        null));
    Object play = request.getValue("play");
    if (play != null && !(play instanceof Boolean)) {
      throw new BusError(400, "play must be true or false.", "invalid_play", null);
    }
    JsonObject body =
        new JsonObject()
            .put("device_ids", new JsonArray().add(device))
            .put("play", Boolean.TRUE.equals(play));
    return calls
        .call(user, HttpMethod.PUT, "/me/player", Map.of(), body)
        .compose(
            answer ->
                answer.ok()
                    ? Future.succeededFuture(ok().put("device_id", device))
                    : failed(user, device, answer, "transfer playback"));
  }

  public Future<JsonObject> nowPlaying(String user) {
    return calls
        .call(user, HttpMethod.GET, "/me/player", Map.of(), null)
        .map(
            answer -> {
              if (answer.status() == 204 || answer.json().getJsonObject("item") == null) {
                return new JsonObject().put("playing", false);
              }
              if (!answer.ok()) {
                throw PlayerErrors.of(answer, null);
              }
              JsonObject state = answer.json();
              JsonObject item = state.getJsonObject("item");
              JsonObject device = state.getJsonObject("device", new JsonObject());
              return new JsonObject()
                  .put("playing", state.getBoolean("is_playing", false))
                  .put("track_uri", item.getString("uri"))
                  .put("name", item.getString("name"))
                  .put("artists", artists(item))
                  .put("progress_ms", state.getLong("progress_ms"))
                  .put("duration_ms", item.getLong("duration_ms"))
                  .put("device_id", device.getString("id"))
                  .put("device_name", device.getString("name"));
            });
  }

  /** Finds the best match for {@code query} and plays it, answering what was played. */
  public Future<JsonObject> searchAndPlay(String user, JsonObject request) {
    Object value = request.getValue("query");
    if (!(value instanceof String query) || query.isBlank() || query.length() > MAX_QUERY_LENGTH) {
      throw new BusError(
          400,
          "query is required: what to play, in words (for example \"mr brightside the killers\"),"
              + " at most "
              + MAX_QUERY_LENGTH
              + " characters.",
          "invalid_query",
          null);
    }
    Map<String, String> q = new HashMap<>();
    q.put("q", query.trim());
    q.put("type", "track");
    q.put("limit", "5");
    return calls
        .call(user, HttpMethod.GET, "/search", q, null)
        .compose(
            answer -> {
              if (!answer.ok()) {
                return Future.failedFuture(PlayerErrors.of(answer, null));
              }
              JsonArray items =
                  answer
                      .json()
                      .getJsonObject("tracks", new JsonObject())
                      .getJsonArray("items", new JsonArray());
              if (items.isEmpty()) {
                return Future.failedFuture(
                    new BusError(
                        404,
                        "Nothing on Spotify matches \"" + query.trim() + "\". Try other words.",
                        "no_match",
                        null));
              }
              JsonObject best = items.getJsonObject(0);
              JsonObject play =
                  new JsonObject()
                      .put("track_uri", best.getString("uri"))
                      .put("device_id", request.getValue("device_id"));
              return player
                  .play(user, play)
                  .map(
                      played ->
                          played.put("name", best.getString("name")).put("artists", artists(best)));
            });
  }

  private Future<JsonObject> command(
      String user,
      String path,
      JsonObject request,
      Map<String, String> query,
      JsonObject body,
      String what) {
    Optional<String> device = Player.deviceId(request.getValue("device_id"));
    Map<String, String> params = new HashMap<>(query);
    device.ifPresent(id -> params.put("device_id", id));
    return calls
        .call(user, HttpMethod.PUT, path, params, body)
        .compose(
            answer ->
                answer.ok()
                    ? Future.succeededFuture(ok())
                    : failed(user, device.orElse(null), answer, what));
  }

  private Future<JsonObject> failed(String user, String deviceId, Answer answer, String what) {
    BusError error = PlayerErrors.of(answer, deviceId);
    return error != null
        ? Future.failedFuture(error)
        : player.restrictedOrRefused(user, deviceId, what);
  }

  private static JsonObject ok() {
    return new JsonObject().put("ok", true).putNull("error");
  }

  private static String artists(JsonObject item) {
    return item.getJsonArray("artists", new JsonArray()).stream()
        .filter(JsonObject.class::isInstance)
        .map(a -> ((JsonObject) a).getString("name"))
        .collect(Collectors.joining(", "));
  }
}
