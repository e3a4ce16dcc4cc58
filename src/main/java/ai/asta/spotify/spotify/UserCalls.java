package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusContract;
import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.spotify.WebApiClient.Answer;
import ai.asta.spotify.store.CredentialStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.Map;

/**
 * A Web API call on behalf of a user, with everything every call needs: a fresh access token (read
 * from the store, or from the token verticle on its local bus address when it must be refreshed),
 * the app-wide rate-limit gate, one refresh-and-retry on a 401, bounded retries of transient
 * failures (5xx, timeouts, resets, and 202 "device waking up"), and none of 4xx. What remains, a
 * 2xx or a 4xx, is for the caller to interpret.
 */
public final class UserCalls {
  static final long BACKOFF_START_MS = 200;
  static final long WAKE_UP_WAIT_MS = 1_000;
  static final int MAX_ATTEMPTS = 6;

  private final Vertx vertx;
  private final WebApiClient api;
  private final RateLimitGate gate;
  private final long retryBudgetMs;
  private final CredentialStore store;
  private final long refreshMarginMs;

  /**
   * @param retryBudgetMs the total time a call may spend on retries before giving up
   */
  public UserCalls(
      Vertx vertx,
      WebApiClient api,
      RateLimitGate gate,
      CredentialStore store,
      long refreshMarginMs,
      long retryBudgetMs) {
    this.vertx = vertx;
    this.api = api;
    this.gate = gate;
    this.store = store;
    this.refreshMarginMs = refreshMarginMs;
    this.retryBudgetMs = retryBudgetMs;
  }

  public Future<Answer> call(
      String user, HttpMethod method, String path, Map<String, String> query, JsonObject body) {
    Request request =
        new Request(user, method, path, query, body, System.currentTimeMillis() + retryBudgetMs);
    return accessToken(user, null).compose(token -> attempt(request, token, 1, false));
  }

  private record Request(
      String user,
      HttpMethod method,
      String path,
      Map<String, String> query,
      JsonObject body,
      long deadline) {}

  private Future<Answer> attempt(Request req, String token, int attempt, boolean refreshed) {
    return gate.check()
        .compose(v -> api.call(req.method, req.path, req.query, req.body, token))
        .transform(
            ar -> {
              boolean canRetry =
                  attempt < MAX_ATTEMPTS && System.currentTimeMillis() < req.deadline;
              if (ar.failed()) {
                if (ar.cause() instanceof UpstreamUnavailableException && canRetry) {
                  return retry(backoff(attempt), req, token, attempt, refreshed);
                }
                return Future.failedFuture(asBusError(ar.cause()));
              }
              Answer answer = ar.result();
              int status = answer.status();
              if (status == 401 && !refreshed) {
                return accessToken(req.user, token)
                    .compose(fresh -> attempt(req, fresh, attempt + 1, true));
              }
              if (status == 401) {
                return Future.failedFuture(
                    new BusError(
                        502,
                        "Spotify rejected a freshly refreshed access token. Reconnect Spotify in"
                            + " settings if this persists.",
                        "token_rejected",
                        null));
              }
              if (status == 429) {
                return gate.record(answer.retryAfter()).compose(Future::failedFuture);
              }
              if (status == 202) {
                return canRetry
                    ? retry(WAKE_UP_WAIT_MS, req, token, attempt, refreshed)
                    : Future.failedFuture(
                        new BusError(
                            504,
                            "The device is still waking up and did not start in time. Try"
                                + " again in a few seconds.",
                            "device_waking_up",
                            null));
              }
              if (status >= 500) {
                return canRetry
                    ? retry(backoff(attempt), req, token, attempt, refreshed)
                    : Future.failedFuture(
                        new BusError(
                            502,
                            "Spotify is failing (HTTP " + status + "). Try again shortly.",
                            "spotify_error",
                            null));
              }
              return Future.succeededFuture(answer);
            });
  }

  private Future<Answer> retry(
      long delayMs, Request req, String token, int attempt, boolean refreshed) {
    long wait = Math.min(delayMs, Math.max(1, req.deadline - System.currentTimeMillis()));
    return vertx.timer(wait).compose(v -> attempt(req, token, attempt + 1, refreshed));
  }

  private static long backoff(int attempt) {
    return BACKOFF_START_MS << Math.min(attempt - 1, 4);
  }

  /**
   * The stored token when it is fresh, read here (from the store's memory cache, so usually without
   * any I/O); otherwise the token verticle's answer, which refreshes it once for all. The token
   * verticle still owns every write: this only saves a bus round trip per call.
   */
  private Future<String> accessToken(String user, String rejected) {
    if (rejected != null) {
      return fromTokenVerticle(user, rejected);
    }
    return store
        .tokens(user)
        .compose(
            stored ->
                stored.isPresent()
                        && !stored.get().expiresWithin(refreshMarginMs, System.currentTimeMillis())
                    ? Future.succeededFuture(stored.get().accessToken())
                    : fromTokenVerticle(user, null),
            // The token verticle gives the store failure its proper answer.
            e -> fromTokenVerticle(user, null));
  }

  private Future<String> fromTokenVerticle(String user, String rejected) {
    JsonObject request = new JsonObject().put("user", user);
    if (rejected != null) {
      request.put("rejected_token", rejected);
    }
    return vertx
        .eventBus()
        .<JsonObject>request(BusContract.ACCESS_TOKEN, request, BusContract.options())
        .map(m -> m.body().getString("access_token"))
        .recover(e -> Future.failedFuture(BusError.parse(e)));
  }

  private static Throwable asBusError(Throwable e) {
    if (e instanceof UpstreamUnavailableException) {
      return new BusError(
          503, e.getMessage() + ". Try again shortly.", "spotify_unavailable", null);
    }
    return e;
  }
}
