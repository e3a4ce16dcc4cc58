package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.spotify.WebApiClient.Answer;
import io.vertx.core.json.JsonObject;

/**
 * Spotify's player failures, told so a user can act on them, each with its own status and reason:
 * Premium required 403, no active device 409, unknown device 404, restriction violated 423, volume
 * not controllable 422, anything else 502. (401, 429 and 5xx are handled before, in {@link
 * UserCalls}.)
 */
final class PlayerErrors {
  private PlayerErrors() {}

  /** The error for a 4xx answer to a player command; null when it is "Restriction violated". */
  static BusError of(Answer answer, String deviceId) {
    JsonObject error = answer.json().getJsonObject("error", new JsonObject());
    String reason = error.getString("reason", "");
    int status = answer.status();
    if (status == 403 && "PREMIUM_REQUIRED".equals(reason)) {
      return new BusError(
          403,
          "Playback needs Spotify Premium: this Spotify account is on the free plan.",
          "premium_required",
          null);
    }
    if (status == 404 && "NO_ACTIVE_DEVICE".equals(reason)) {
      return noActiveDevice();
    }
    if (status == 404) {
      return new BusError(
          404,
          "Spotify does not know the device "
              + (deviceId == null ? "" : deviceId + " ")
              + "(it may have gone offline). List the devices again (GET /api/spotify/devices) and"
              + " pick one of them.",
          "device_not_found",
          null);
    }
    if (status == 403 && "VOLUME_CONTROL_DISALLOW".equals(reason)) {
      return new BusError(
          422,
          "This device does not allow its volume to be set remotely.",
          "volume_not_supported",
          null);
    }
    if (status == 403) {
      return null;
    }
    if (status == 400) {
      return new BusError(
          502,
          "Spotify refused the request as malformed: " + error.getString("message", ""),
          "spotify_rejected",
          null);
    }
    return new BusError(
        502,
        "Spotify refused the command (HTTP " + status + "): " + error.getString("message", ""),
        "spotify_error",
        null);
  }

  static BusError noActiveDevice() {
    return new BusError(
        409,
        "No device is active. Open Spotify on a device, or name one with device_id.",
        "no_active_device",
        null);
  }

  static BusError restrictedDevice() {
    return new BusError(
        423,
        "This device does not accept remote control from Spotify's Web API. Choose another device.",
        "device_restricted",
        null);
  }

  static BusError commandRestricted(String what) {
    return new BusError(
        423,
        "Spotify refused to "
            + what
            + " right now (restriction violated): for example nothing is"
            + " playing, it is already paused, or an ad is playing. Try again later.",
        "command_restricted",
        null);
  }
}
