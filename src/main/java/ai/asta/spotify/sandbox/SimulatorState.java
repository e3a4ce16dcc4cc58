package ai.asta.spotify.sandbox;

import java.security.SecureRandom;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Everything the simulator remembers: registered apps, accounts with devices and playback, issued
 * codes and tokens, injected faults, request counters and the per-app rate budget. It is also the
 * control surface tests use from Java ({@link ControlRoutes} exposes the same over HTTP). Public
 * methods lock the state; the routes do too.
 */
public final class SimulatorState {
  private static final SecureRandom RANDOM = new SecureRandom();

  record App(String clientId, String clientSecret, String name, Set<String> redirectUris) {}

  record Code(
      String clientId,
      String userId,
      String redirectUri,
      String challenge,
      String scope,
      long expiresAt) {}

  record Access(String userId, String clientId, String scope, long expiresAt) {}

  record Refresh(String userId, String clientId, String scope, boolean pkce) {}

  final Map<String, App> apps = new HashMap<>();
  final Map<String, SimUser> users = new LinkedHashMap<>();
  final Map<String, Code> codes = new HashMap<>();
  final Map<String, Access> accessTokens = new HashMap<>();
  final Map<String, Refresh> refreshTokens = new HashMap<>();
  private final Map<String, Deque<Fault>> faults = new HashMap<>();
  private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
  private final Map<String, Deque<Long>> appCalls = new HashMap<>();

  long accessTokenLifetimeMs = 3_600_000;
  long codeLifetimeMs = 60_000;
  int rateBudget = 100_000;
  long rateWindowMs = 30_000;

  // --- control surface ------------------------------------------------------------------------

  public synchronized void registerApp(
      String clientId, String clientSecret, String name, String... redirectUris) {
    apps.put(clientId, new App(clientId, clientSecret, name, Set.of(redirectUris)));
  }

  public synchronized SimUser addUser(SimUser user) {
    users.put(user.id, user);
    return user;
  }

  public synchronized void setPremium(String userId, boolean premium) {
    user(userId).premium = premium;
  }

  public synchronized void addDevice(String userId, SimDevice device) {
    user(userId).devices.add(device);
  }

  public synchronized void clearDevices(String userId) {
    user(userId).devices.clear();
  }

  public synchronized void setDeviceActive(String userId, String deviceId, boolean active) {
    SimUser u = user(userId);
    if (active) {
      u.activate(u.device(deviceId));
    } else {
      u.device(deviceId).active = false;
    }
  }

  /** Every access token of the user now answers 401, as an expired token does. */
  public synchronized void expireAccessTokens(String userId) {
    accessTokens.replaceAll(
        (t, a) ->
            userId.equals(a.userId()) ? new Access(a.userId(), a.clientId(), a.scope(), 0) : a);
  }

  /** The user's refresh tokens answer invalid_grant "Refresh token revoked" from now on. */
  public synchronized void revokeRefreshTokens(String userId) {
    refreshTokens
        .entrySet()
        .removeIf(
            e -> {
              boolean theirs = e.getValue().userId().equals(userId);
              if (theirs) {
                revokedRefreshTokens.add(e.getKey());
              }
              return theirs;
            });
  }

  final Set<String> revokedRefreshTokens = new java.util.HashSet<>();

  public synchronized void setAccessTokenLifetime(long ms) {
    this.accessTokenLifetimeMs = ms;
  }

  public synchronized void setCodeLifetime(long ms) {
    this.codeLifetimeMs = ms;
  }

  public synchronized void setRateBudget(int requests, long windowMs) {
    this.rateBudget = requests;
    this.rateWindowMs = windowMs;
    appCalls.clear();
  }

  /**
   * Makes the next {@code times} responses of {@code endpoint} (such as {@code "PUT
   * /v1/me/player/play"} or {@code "POST /api/token"}) the given fault.
   */
  public synchronized void inject(String endpoint, Fault fault, int times) {
    Deque<Fault> queue = faults.computeIfAbsent(endpoint, k -> new ArrayDeque<>());
    for (int i = 0; i < times; i++) {
      queue.add(fault);
    }
  }

  public synchronized void clearFaults() {
    faults.clear();
  }

  /**
   * Requests seen per endpoint ({@code "GET /v1/me/player/devices"}) and per grant ({@code
   * "grant:refresh_token"}).
   */
  public long count(String key) {
    AtomicLong c = counters.get(key);
    return c == null ? 0 : c.get();
  }

  public Map<String, Long> counters() {
    Map<String, Long> copy = new java.util.TreeMap<>();
    counters.forEach((k, v) -> copy.put(k, v.get()));
    return copy;
  }

  public void resetCounters() {
    counters.clear();
  }

  /** Every access and refresh token issued to the user so far (tests look for leaks). */
  public synchronized Set<String> tokensOf(String userId) {
    Set<String> all = new java.util.HashSet<>();
    accessTokens.forEach(
        (t, a) -> {
          if (userId.equals(a.userId())) {
            all.add(t);
          }
        });
    refreshTokens.forEach(
        (t, r) -> {
          if (userId.equals(r.userId())) {
            all.add(t);
          }
        });
    all.addAll(issuedRefreshTokens.getOrDefault(userId, Set.of()));
    return all;
  }

  /** Refresh tokens ever issued per user, including rotated-out ones. */
  final Map<String, Set<String>> issuedRefreshTokens = new HashMap<>();

  /** What the user is playing now, or null. */
  public synchronized String currentlyPlaying(String userId) {
    SimUser u = user(userId);
    return u.playing ? u.itemUri : null;
  }

  public synchronized SimUser user(String userId) {
    SimUser u = users.get(userId);
    if (u == null) {
      throw new IllegalArgumentException("No simulated user " + userId);
    }
    return u;
  }

  private volatile java.util.function.Consumer<Exchange> exchangeListener;

  /** Sees every Web API exchange (tests validate them against Spotify's OpenAPI description). */
  public void onExchange(java.util.function.Consumer<Exchange> listener) {
    this.exchangeListener = listener;
  }

  void exchanged(Exchange exchange) {
    java.util.function.Consumer<Exchange> listener = exchangeListener;
    if (listener != null) {
      listener.accept(exchange);
    }
  }

  // --- used by the routes ---------------------------------------------------------------------

  void increment(String key) {
    counters.computeIfAbsent(key, k -> new AtomicLong()).incrementAndGet();
  }

  synchronized Fault nextFault(String endpoint) {
    Deque<Fault> queue = faults.get(endpoint);
    return queue == null ? null : queue.poll();
  }

  /** Spends one request of the app's rolling budget; answers seconds to wait, or 0 when allowed. */
  synchronized long spendBudget(String clientId, long now) {
    Deque<Long> calls = appCalls.computeIfAbsent(clientId, k -> new ArrayDeque<>());
    while (!calls.isEmpty() && calls.peekFirst() <= now - rateWindowMs) {
      calls.pollFirst();
    }
    if (calls.size() >= rateBudget) {
      long waitMs = calls.peekFirst() + rateWindowMs - now;
      return Math.max(1, (waitMs + 999) / 1000);
    }
    calls.addLast(now);
    return 0;
  }

  static String token(String prefix, int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }
}
