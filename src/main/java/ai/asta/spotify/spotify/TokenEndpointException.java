package ai.asta.spotify.spotify;

/** Spotify's token endpoint refused or failed; {@link #kind} says what the service should do. */
public class TokenEndpointException extends RuntimeException {
  public enum Kind {
    /** The code or refresh token is dead: the link must be redone. */
    INVALID_GRANT,
    /** The app's client id or secret is wrong. */
    INVALID_CLIENT,
    /** 429, 5xx, timeout, connection failure: keep everything and try later. */
    TRANSIENT,
    /** Anything else Spotify refused (a bug on our side, most likely). */
    REJECTED
  }

  private final Kind kind;
  private final String spotifyError;

  public TokenEndpointException(Kind kind, String spotifyError, String description) {
    super(description, null, false, false);
    this.kind = kind;
    this.spotifyError = spotifyError;
  }

  public Kind kind() {
    return kind;
  }

  /** Spotify's {@code error} field, e.g. invalid_grant; null for transport failures. */
  public String spotifyError() {
    return spotifyError;
  }
}
