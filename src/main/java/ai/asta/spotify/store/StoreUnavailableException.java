package ai.asta.spotify.store;

/** The store did not answer (down, unreachable or too slow). Maps to 503. */
public class StoreUnavailableException extends RuntimeException {
  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
