package ai.asta.spotify.sandbox;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** A simulated Spotify account with its devices and playback. Guarded by the state's lock. */
public final class SimUser {
  final String id;
  final String displayName;
  boolean premium = true;
  final List<SimDevice> devices = new ArrayList<>();

  /** What is playing: null when nothing has been played yet. */
  String itemUri;

  String contextUri;
  boolean playing;
  long positionMs;
  long positionAt;

  public SimUser(String id, String displayName) {
    this.id = id;
    this.displayName = displayName;
  }

  public SimUser premium(boolean value) {
    this.premium = value;
    return this;
  }

  public SimUser device(SimDevice device) {
    devices.add(device);
    return this;
  }

  SimDevice device(String deviceId) {
    return devices.stream().filter(d -> d.id.equals(deviceId)).findFirst().orElse(null);
  }

  SimDevice activeDevice() {
    return devices.stream().filter(d -> d.active).findFirst().orElse(null);
  }

  void activate(SimDevice device) {
    devices.forEach(d -> d.active = d == device);
  }

  long progressMs(long now) {
    return playing ? positionMs + (now - positionAt) : positionMs;
  }

  /** Spotify's PrivateUserObject. */
  JsonObject profile(String baseUrl) {
    return new JsonObject()
        .put("id", id)
        .put("display_name", displayName)
        .put("product", premium ? "premium" : "free")
        .put("type", "user")
        .put("uri", "spotify:user:" + id)
        .put("href", baseUrl + "/v1/users/" + id)
        .put("country", "SE")
        .put(
            "explicit_content",
            new JsonObject().put("filter_enabled", false).put("filter_locked", false))
        .put(
            "external_urls", new JsonObject().put("spotify", "https://open.spotify.com/user/" + id))
        .put("followers", new JsonObject().put("total", 0))
        .put("images", new io.vertx.core.json.JsonArray());
  }
}
