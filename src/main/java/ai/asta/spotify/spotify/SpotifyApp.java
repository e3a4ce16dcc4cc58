package ai.asta.spotify.spotify;

/**
 * The Spotify app the service acts as.
 *
 * @param clientSecret null for a public client, which links with PKCE instead
 */
public record SpotifyApp(String clientId, String clientSecret) {
  public boolean isPublicClient() {
    return clientSecret == null || clientSecret.isEmpty();
  }

  @Override
  public String toString() {
    return "SpotifyApp[clientId=" + clientId + ", public=" + isPublicClient() + "]";
  }
}
