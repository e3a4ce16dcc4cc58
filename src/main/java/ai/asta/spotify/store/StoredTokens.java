package ai.asta.spotify.store;

import io.vertx.core.json.JsonObject;

/**
 * One user's Spotify link: what is encrypted under {@code asta:spotify:{user}:tokens}.
 *
 * @param clientId the app the tokens were issued to (refresh must use the same app)
 * @param pkce whether the app is a public (PKCE) client: refresh sends client_id, no secret
 */
public record StoredTokens(
    String accessToken,
    String refreshToken,
    long expiresAtMs,
    String scope,
    String clientId,
    boolean pkce,
    String displayName) {

  public boolean expiresWithin(long marginMs, long nowMs) {
    return expiresAtMs - marginMs <= nowMs;
  }

  public StoredTokens withDisplayName(String name) {
    return new StoredTokens(accessToken, refreshToken, expiresAtMs, scope, clientId, pkce, name);
  }

  JsonObject toJson() {
    return new JsonObject()
        .put("at", accessToken)
        .put("rt", refreshToken)
        .put("exp", expiresAtMs)
        .put("scope", scope)
        .put("cid", clientId)
        .put("pkce", pkce)
        .put("name", displayName);
  }

  static StoredTokens fromJson(JsonObject json) {
    return new StoredTokens(
        json.getString("at"),
        json.getString("rt"),
        json.getLong("exp", 0L),
        json.getString("scope"),
        json.getString("cid"),
        json.getBoolean("pkce", false),
        json.getString("name"));
  }

  /** Never print a token, even in a debug line. */
  @Override
  public String toString() {
    return "StoredTokens[expiresAtMs=" + expiresAtMs + ", pkce=" + pkce + "]";
  }
}
