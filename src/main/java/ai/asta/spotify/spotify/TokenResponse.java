package ai.asta.spotify.spotify;

import io.vertx.core.json.JsonObject;

/**
 * A 200 from Spotify's token endpoint.
 *
 * @param refreshToken null when Spotify sent none (keep the old one)
 */
public record TokenResponse(
    String accessToken, String refreshToken, long expiresInSeconds, String scope) {

  static TokenResponse fromJson(JsonObject json) {
    String access = json.getString("access_token");
    if (access == null || access.isEmpty()) {
      throw new IllegalArgumentException("token response has no access_token");
    }
    return new TokenResponse(
        access,
        json.getString("refresh_token"),
        json.getLong("expires_in", 3600L),
        json.getString("scope", ""));
  }

  @Override
  public String toString() {
    return "TokenResponse[expiresIn="
        + expiresInSeconds
        + ", rotated="
        + (refreshToken != null)
        + "]";
  }
}
