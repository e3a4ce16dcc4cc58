package ai.asta.spotify.sandbox;

import io.vertx.core.json.JsonObject;

/** A simulated Spotify Connect device. Mutable; guarded by {@link SimulatorState}'s lock. */
public final class SimDevice {
  final String id;
  final String name;
  final String type;
  boolean active;
  boolean restricted;
  boolean privateSession;
  Integer volumePercent;
  boolean supportsVolume;

  public SimDevice(String id, String name, String type) {
    this.id = id;
    this.name = name;
    this.type = type;
    this.volumePercent = 50;
    this.supportsVolume = true;
  }

  public SimDevice active(boolean value) {
    this.active = value;
    return this;
  }

  public SimDevice restricted(boolean value) {
    this.restricted = value;
    return this;
  }

  public SimDevice volume(Integer percent, boolean supported) {
    this.volumePercent = percent;
    this.supportsVolume = supported;
    return this;
  }

  public String id() {
    return id;
  }

  /** Spotify's DeviceObject. */
  JsonObject toJson() {
    return new JsonObject()
        .put("id", id)
        .put("is_active", active)
        .put("is_private_session", privateSession)
        .put("is_restricted", restricted)
        .put("name", name)
        .put("type", type)
        .put("volume_percent", volumePercent)
        .put("supports_volume", supportsVolume);
  }

  static SimDevice fromJson(JsonObject json) {
    SimDevice d =
        new SimDevice(
            json.getString("id"),
            json.getString("name", "Device"),
            json.getString("type", "Computer"));
    d.active = json.getBoolean("is_active", false);
    d.restricted = json.getBoolean("is_restricted", false);
    d.privateSession = json.getBoolean("is_private_session", false);
    d.volumePercent = json.getInteger("volume_percent", 50);
    d.supportsVolume = json.getBoolean("supports_volume", true);
    return d;
  }
}
