package ai.asta.spotify.store;

import io.vertx.core.json.JsonObject;

/** The Spotify app saved through the API; either value may be null (not set). */
public record AppCredentials(String clientId, String clientSecret) {
  public static final AppCredentials NONE = new AppCredentials(null, null);

  JsonObject toJson() {
    return new JsonObject().put("cid", clientId).put("secret", clientSecret);
  }

  static AppCredentials fromJson(JsonObject json) {
    return new AppCredentials(json.getString("cid"), json.getString("secret"));
  }

  @Override
  public String toString() {
    return "AppCredentials[clientId set="
        + (clientId != null)
        + ", secret set="
        + (clientSecret != null)
        + "]";
  }
}
