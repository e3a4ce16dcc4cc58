package ai.asta.spotify.token;

import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.spotify.AccountsClient;
import ai.asta.spotify.spotify.SpotifyApp;
import ai.asta.spotify.spotify.TokenEndpointException;
import ai.asta.spotify.spotify.TokenResponse;
import ai.asta.spotify.store.CredentialStore;
import ai.asta.spotify.store.StoredTokens;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands out fresh access tokens, refreshing each user's link exactly once however many requests and
 * instances need it at the same moment.
 *
 * <p>Two layers: in this instance, concurrent callers share one in-flight future per user (single
 * flight); across instances, the refresher must hold a Redis lock (SET NX PX, released by
 * compare-and-delete). An instance that loses the lock polls the store until the winner's tokens
 * appear; a winner that crashed loses its lock when the lock expires, and a waiter takes over.
 *
 * <p>Runs on the token verticle's event loop only, so the in-flight map needs no locking.
 */
public final class AccessTokens {
  private static final Logger LOG = LoggerFactory.getLogger(AccessTokens.class);
  private static final long LOCK_TTL_MS = 15_000;
  private static final long POLL_MS = 25;
  private static final long WAIT_BUDGET_MS = 20_000;

  private final Vertx vertx;
  private final CredentialStore store;
  private final AppSettings apps;
  private final AccountsClient accounts;
  private final long marginMs;
  private final Metrics metrics;
  private final Map<String, Future<StoredTokens>> inFlight = new HashMap<>();
  private final Map<String, Future<Optional<StoredTokens>>> reads = new HashMap<>();

  public AccessTokens(
      Vertx vertx,
      CredentialStore store,
      AppSettings apps,
      AccountsClient accounts,
      long marginMs,
      Metrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.store = store;
    this.apps = apps;
    this.accounts = accounts;
    this.marginMs = marginMs;
  }

  /**
   * A usable access token for {@code user}.
   *
   * @param rejected the token Spotify just answered 401 to, or null; a stored token equal to it is
   *     refreshed even if it looks fresh
   */
  public Future<String> forUser(String user, String rejected) {
    return read(user)
        .compose(
            tokens -> {
              if (tokens.isEmpty()) {
                return notLinked(user).map(StoredTokens::accessToken);
              }
              if (!stale(tokens.get(), rejected)) {
                return Future.succeededFuture(tokens.get().accessToken());
              }
              return refreshOnce(user, rejected).map(StoredTokens::accessToken);
            });
  }

  /**
   * Concurrent callers for one user share one store read: under a burst (thousands of requests for
   * one user) the store sees a single read at a time per user, not one per request.
   */
  private Future<Optional<StoredTokens>> read(String user) {
    Future<Optional<StoredTokens>> running = reads.get(user);
    if (running != null) {
      return running;
    }
    Future<Optional<StoredTokens>> started = store.tokens(user);
    reads.put(user, started);
    return started.andThen(r -> reads.remove(user));
  }

  private boolean stale(StoredTokens tokens, String rejected) {
    return tokens.expiresWithin(marginMs, System.currentTimeMillis())
        || tokens.accessToken().equals(rejected);
  }

  private Future<StoredTokens> refreshOnce(String user, String rejected) {
    Future<StoredTokens> running = inFlight.get(user);
    if (running != null) {
      return running;
    }
    Future<StoredTokens> started =
        refreshAcrossInstances(user, rejected, System.currentTimeMillis() + WAIT_BUDGET_MS);
    inFlight.put(user, started);
    return started.andThen(r -> inFlight.remove(user));
  }

  private Future<StoredTokens> refreshAcrossInstances(String user, String rejected, long until) {
    String owner = UUID.randomUUID().toString();
    return store
        .tryRefreshLock(user, owner, LOCK_TTL_MS)
        .compose(
            won ->
                won
                    ? refreshHoldingLock(user, rejected)
                        .andThen(r -> store.releaseRefreshLock(user, owner))
                    : awaitWinner(user, rejected, until));
  }

  /** Re-reads first: another instance may have refreshed between our read and our lock. */
  private Future<StoredTokens> refreshHoldingLock(String user, String rejected) {
    return store
        .freshTokens(user)
        .compose(
            current -> {
              if (current.isEmpty()) {
                return notLinked(user);
              }
              if (!stale(current.get(), rejected)) {
                return Future.succeededFuture(current.get());
              }
              return apps.required().compose(app -> refresh(user, app, current.get()));
            });
  }

  private Future<StoredTokens> refresh(String user, SpotifyApp app, StoredTokens old) {
    return accounts
        .refresh(app, old.refreshToken())
        .compose(
            fresh -> {
              metrics.refresh("ok");
              StoredTokens next = merge(old, fresh);
              return store.saveTokens(user, next).map(next);
            })
        .recover(e -> refreshFailed(user, e));
  }

  /** Keeps the old refresh token when Spotify sends none; takes the new one when it rotates. */
  private static StoredTokens merge(StoredTokens old, TokenResponse fresh) {
    return new StoredTokens(
        fresh.accessToken(),
        fresh.refreshToken() != null ? fresh.refreshToken() : old.refreshToken(),
        System.currentTimeMillis() + fresh.expiresInSeconds() * 1000,
        fresh.scope().isEmpty() ? old.scope() : fresh.scope(),
        old.clientId(),
        old.pkce(),
        old.displayName());
  }

  private Future<StoredTokens> awaitWinner(String user, String rejected, long until) {
    if (System.currentTimeMillis() > until) {
      return Future.failedFuture(
          new BusError(
              503,
              "Refreshing the Spotify link is taking too long; try again shortly.",
              "refresh_timeout",
              null));
    }
    return vertx
        .timer(POLL_MS)
        .compose(v -> store.freshTokens(user))
        .compose(
            tokens -> {
              if (tokens.isEmpty()) {
                return notLinked(user);
              }
              if (!stale(tokens.get(), rejected)) {
                return Future.succeededFuture(tokens.get());
              }
              // Still stale: the winner is working, or crashed and its lock will expire.
              return refreshAcrossInstances(user, rejected, until);
            });
  }

  private Future<StoredTokens> refreshFailed(String user, Throwable e) {
    if (!(e instanceof TokenEndpointException te)) {
      return Future.failedFuture(e);
    }
    metrics.refresh(te.kind().name().toLowerCase(java.util.Locale.ROOT));
    if (te.kind() == TokenEndpointException.Kind.INVALID_GRANT) {
      metrics.link("revoked");
    }
    return switch (te.kind()) {
      case INVALID_GRANT -> {
        LOG.warn(
            "Spotify revoked the link of user {} ({}); dropping its tokens", user, te.getMessage());
        yield store
            .deleteTokens(user)
            .compose(v -> store.setDisconnectReason(user, "revoked"))
            .compose(v -> Future.failedFuture(revoked()));
      }
      case TRANSIENT ->
          Future.failedFuture(
              new BusError(
                  503,
                  "Spotify's accounts service is not answering, so the link could not be"
                      + " refreshed. It is kept; try again shortly.",
                  "spotify_unavailable",
                  null));
      case INVALID_CLIENT ->
          Future.failedFuture(
              new BusError(
                  502,
                  "Spotify rejected this service's app credentials while refreshing. Check the"
                      + " Client ID and secret in settings.",
                  "invalid_client",
                  null));
      case REJECTED ->
          Future.failedFuture(
              new BusError(
                  502,
                  "Spotify refused to refresh the link: " + te.getMessage(),
                  "refresh_rejected",
                  null));
    };
  }

  private Future<StoredTokens> notLinked(String user) {
    return store
        .disconnectReason(user)
        .compose(
            reason ->
                Future.failedFuture(
                    "revoked".equals(reason.orElse(null)) ? revoked() : notLinkedError()));
  }

  static BusError revoked() {
    return new BusError(
        401,
        "Spotify no longer accepts this account's link (it was revoked or expired). Reconnect"
            + " Spotify in settings.",
        "revoked",
        null);
  }

  static BusError notLinkedError() {
    return new BusError(
        401,
        "No Spotify account is linked. Connect one first: GET /api/spotify/connect.",
        "not_linked",
        null);
  }
}
