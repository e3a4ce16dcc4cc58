package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.store.CredentialStore;
import io.vertx.core.Future;

/**
 * Spotify rate-limits per app, so a 429 seen by one instance applies to all: the window is kept in
 * the shared store, and calls inside it fail fast with 429 instead of hammering Spotify.
 */
public final class RateLimitGate {
  /** Used when Spotify sends no usable Retry-After. */
  static final long DEFAULT_WAIT_S = 5;

  /** Spotify has sent hours; past this bound the service asks again rather than go dark. */
  static final long MAX_WAIT_S = 600;

  private final CredentialStore store;
  private final Metrics metrics;
  private Future<Long> reading;

  public RateLimitGate(CredentialStore store, Metrics metrics) {
    this.store = store;
    this.metrics = metrics;
  }

  /** Fails with 429 while the app-wide window is open. */
  public Future<Void> check() {
    return windowEnd()
        .compose(
            until -> {
              long remainingMs = until - System.currentTimeMillis();
              if (remainingMs <= 0) {
                return Future.succeededFuture();
              }
              metrics.rateLimited("shared_window");
              return Future.failedFuture(limited((remainingMs + 999) / 1000));
            });
  }

  /** Concurrent checks share one store read (this gate is used from one event loop). */
  private Future<Long> windowEnd() {
    if (reading != null) {
      return reading;
    }
    Future<Long> started = store.rateLimitedUntil();
    reading = started;
    return started.andThen(r -> reading = null);
  }

  /** Records Spotify's 429 for every instance, and answers the error to give the caller. */
  public Future<BusError> record(String retryAfterHeader) {
    long seconds = boundedSeconds(retryAfterHeader);
    metrics.rateLimited("spotify");
    return store
        .recordRateLimit(System.currentTimeMillis() + seconds * 1000)
        .map(v -> limited(seconds));
  }

  static long boundedSeconds(String header) {
    long seconds;
    try {
      seconds = header == null ? DEFAULT_WAIT_S : Long.parseLong(header.trim());
    } catch (NumberFormatException e) {
      seconds = DEFAULT_WAIT_S;
    }
    return Math.max(1, Math.min(seconds, MAX_WAIT_S));
  }

  private static BusError limited(long seconds) {
    return new BusError(
        429,
        "Spotify is rate-limiting this app; try again in " + seconds + " s.",
        "rate_limited",
        seconds);
  }
}
