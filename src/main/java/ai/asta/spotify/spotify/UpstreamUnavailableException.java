package ai.asta.spotify.spotify;

/** Spotify could not be reached or did not answer in time: transient, worth a bounded retry. */
public class UpstreamUnavailableException extends RuntimeException {
  public UpstreamUnavailableException(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
