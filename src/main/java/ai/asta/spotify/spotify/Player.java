package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.spotify.WebApiClient.Answer;
import ai.asta.spotify.store.CredentialStore;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Devices and playback: what Spotify says, told so that a user can act on it. */
public final class Player {
  private static final int MAX_DEVICE_ID_LENGTH = 128;

  private final UserCalls calls;
  private final CredentialStore store;

  public Player(UserCalls calls, CredentialStore store) {
    this.calls = calls;
    this.store = store;
  }

  /** The user's devices; devices without an id cannot be targeted and are left out. */
  public Future<JsonObject> devices(String user) {
    return listDevices(user)
        .map(
            devices ->
                new JsonObject()
                    .put("devices", new JsonArray(List.copyOf(devices)))
                    .put("connected", !devices.isEmpty()));
  }

  public Future<JsonObject> play(String user, JsonObject request) {
    TrackUri uri = TrackUri.parse(request.getValue("track_uri"));
    Optional<String> named = deviceId(request.getValue("device_id"));
    Future<String> device =
        named.isPresent() ? Future.succeededFuture(named.get()) : chooseDevice(user);
    return device.compose(
        id ->
            calls
                .call(
                    user,
                    HttpMethod.PUT,
                    "/me/player/play",
                    Map.of("device_id", id),
                    uri.playBody())
                .compose(
                    answer -> answer.ok() ? played(user, id, uri) : playFailed(user, id, answer)));
  }

  private Future<JsonObject> played(String user, String deviceId, TrackUri uri) {
    // Most plays go to the device of the previous one: a read (from memory) saves a write that
    // every instance would be told about.
    return store
        .lastDevice(user)
        .compose(
            last ->
                last.equals(Optional.of(deviceId))
                    ? Future.<Void>succeededFuture()
                    : store.setLastDevice(user, deviceId))
        .map(
            v ->
                new JsonObject()
                    .put("ok", true)
                    .putNull("error")
                    .put("device_id", deviceId)
                    .put("track_uri", uri.uri()));
  }

  /**
   * The device to play on when none is named: the active one; else the last one this service played
   * on, if still listed; else the only controllable one; else the user must choose.
   */
  private Future<String> chooseDevice(String user) {
    return listDevices(user)
        .compose(
            devices -> {
              List<JsonObject> controllable =
                  devices.stream().filter(d -> !d.getBoolean("is_restricted", false)).toList();
              Optional<JsonObject> active =
                  controllable.stream().filter(d -> d.getBoolean("is_active", false)).findFirst();
              if (active.isPresent()) {
                return Future.succeededFuture(active.get().getString("id"));
              }
              return store
                  .lastDevice(user)
                  .map(
                      last -> {
                        Optional<String> listed =
                            last.filter(
                                id ->
                                    controllable.stream()
                                        .anyMatch(d -> id.equals(d.getString("id"))));
                        if (listed.isPresent()) {
                          return listed.get();
                        }
                        if (controllable.size() == 1) {
                          return controllable.get(0).getString("id");
                        }
                        throw noDeviceChosen(devices, controllable);
                      });
            });
  }

  private static BusError noDeviceChosen(List<JsonObject> all, List<JsonObject> controllable) {
    if (all.isEmpty()) {
      return new BusError(
          409,
          "No Spotify device is available. Open Spotify on a phone, computer or speaker, then try"
              + " again.",
          "no_active_device",
          null);
    }
    if (controllable.isEmpty()) {
      return new BusError(
          423,
          "Every available device refuses remote control: " + names(all) + ".",
          "device_restricted",
          null);
    }
    return new BusError(
        409,
        "No device is active; choose one with device_id. Available: " + names(controllable) + ".",
        "choose_device",
        null);
  }

  private static String names(List<JsonObject> devices) {
    return devices.stream()
        .map(d -> d.getString("name") + " (" + d.getString("id") + ")")
        .collect(Collectors.joining(", "));
  }

  private Future<JsonObject> playFailed(String user, String deviceId, Answer answer) {
    BusError error = PlayerErrors.of(answer, deviceId);
    return error != null ? Future.failedFuture(error) : restrictedOrRefused(user, deviceId, "play");
  }

  /** Spotify says "Restriction violated" for both; the device list tells which it is. */
  Future<JsonObject> restrictedOrRefused(String user, String deviceId, String what) {
    return listDevices(user)
        .compose(
            devices -> {
              boolean restricted =
                  deviceId != null
                      && devices.stream()
                          .anyMatch(
                              d ->
                                  deviceId.equals(d.getString("id"))
                                      && d.getBoolean("is_restricted", false));
              return Future.failedFuture(
                  restricted
                      ? PlayerErrors.restrictedDevice()
                      : PlayerErrors.commandRestricted(what));
            });
  }

  Future<List<JsonObject>> listDevices(String user) {
    return calls
        .call(user, HttpMethod.GET, "/me/player/devices", Map.of(), null)
        .map(
            answer -> {
              if (!answer.ok()) {
                throw new BusError(
                    502,
                    "Spotify did not list the devices (HTTP " + answer.status() + ").",
                    "spotify_error",
                    null);
              }
              JsonArray raw = answer.json().getJsonArray("devices", new JsonArray());
              return raw.stream()
                  .filter(JsonObject.class::isInstance)
                  .map(JsonObject.class::cast)
                  .filter(d -> d.getString("id") != null)
                  .map(Player::device)
                  .toList();
            });
  }

  private static JsonObject device(JsonObject d) {
    return new JsonObject()
        .put("id", d.getString("id"))
        .put("name", d.getString("name"))
        .put("type", d.getString("type"))
        .put("is_active", d.getBoolean("is_active", false))
        .put("is_private_session", d.getBoolean("is_private_session", false))
        .put("is_restricted", d.getBoolean("is_restricted", false))
        .put("volume_percent", d.getInteger("volume_percent"))
        .put("supports_volume", d.getBoolean("supports_volume", false));
  }

  static Optional<String> deviceId(Object value) {
    if (value == null) {
      return Optional.empty();
    }
    if (!(value instanceof String id)
        || id.isBlank()
        || id.length() > MAX_DEVICE_ID_LENGTH
        || !id.chars().allMatch(c -> c > 32 && c < 127)) {
      throw new BusError(
          400,
          "device_id must be a device id from GET /api/spotify/devices (printable, at most "
              + MAX_DEVICE_ID_LENGTH
              + " characters), or left out to play on the active device.",
          "invalid_device_id",
          null);
    }
    return Optional.of(id);
  }
}
