package ai.asta.spotify.store;

import io.vertx.core.json.JsonObject;

/**
 * What an OAuth {@code state} resolves to, server-side: who started the link and how to finish it.
 *
 * @param codeVerifier the PKCE verifier, or null for a confidential client
 */
public record PendingLink(String user, String clientId, String codeVerifier, String redirectUri) {

  JsonObject toJson() {
    return new JsonObject()
        .put("user", user)
        .put("cid", clientId)
        .put("cv", codeVerifier)
        .put("ru", redirectUri);
  }

  static PendingLink fromJson(JsonObject json) {
    return new PendingLink(
        json.getString("user"), json.getString("cid"), json.getString("cv"), json.getString("ru"));
  }

  @Override
  public String toString() {
    return "PendingLink[user=" + user + "]";
  }
}
