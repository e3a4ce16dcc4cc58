package ai.asta.spotify.store;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the service keeps, typed, over a {@link KeyValueStore}: tokens per user, one-time
 * OAuth states and connect tickets, the refresh lock, the app-wide rate-limit window, the Spotify
 * app credentials, and per-user disconnect reason and last device. Secrets are encrypted with
 * {@link TokenCipher} under their own key name.
 */
public final class CredentialStore {
  private static final Logger LOG = LoggerFactory.getLogger(CredentialStore.class);

  private final KeyValueStore kv;
  private final TokenCipher cipher;

  public CredentialStore(KeyValueStore kv, TokenCipher cipher) {
    this.kv = kv;
    this.cipher = cipher;
  }

  public KeyValueStore backend() {
    return kv;
  }

  // --- tokens -------------------------------------------------------------------------------

  public Future<Optional<StoredTokens>> tokens(String user) {
    return readSealed(Keys.tokens(user)).map(o -> o.map(StoredTokens::fromJson));
  }

  /** As stored now, past any cache: what another instance's refresh has just written. */
  public Future<Optional<StoredTokens>> freshTokens(String user) {
    String key = Keys.tokens(user);
    return kv.getFresh(key).map(blob -> open(key, blob)).map(o -> o.map(StoredTokens::fromJson));
  }

  public Future<Void> saveTokens(String user, StoredTokens tokens) {
    return writeSealed(Keys.tokens(user), tokens.toJson(), 0);
  }

  public Future<Void> deleteTokens(String user) {
    return kv.delete(Keys.tokens(user)).mapEmpty();
  }

  /** How many users have a link stored (a full scan: for a periodic gauge, not a hot path). */
  public Future<Long> linkedUsers() {
    return kv.count(Keys.PREFIX + "{", "}:tokens");
  }

  // --- why a user is not linked ---------------------------------------------------------------

  public Future<Optional<String>> disconnectReason(String user) {
    return kv.get(Keys.disconnectReason(user)).map(Optional::ofNullable);
  }

  public Future<Void> setDisconnectReason(String user, String reason) {
    return kv.set(Keys.disconnectReason(user), reason, 0);
  }

  public Future<Void> clearDisconnectReason(String user) {
    return kv.delete(Keys.disconnectReason(user)).mapEmpty();
  }

  // --- last device played on ------------------------------------------------------------------

  public Future<Optional<String>> lastDevice(String user) {
    return kv.get(Keys.lastDevice(user)).map(Optional::ofNullable);
  }

  public Future<Void> setLastDevice(String user, String deviceId) {
    return kv.set(Keys.lastDevice(user), deviceId, 0);
  }

  // --- one-time OAuth state and connect tickets -----------------------------------------------

  public Future<Void> savePendingLink(String state, PendingLink link, long ttlMs) {
    return writeSealed(Keys.state(state), link.toJson(), ttlMs);
  }

  /** Resolves a state once: a second call with the same state finds nothing. */
  public Future<Optional<PendingLink>> takePendingLink(String state) {
    String key = Keys.state(state);
    return kv.getAndDelete(key).map(blob -> open(key, blob).map(PendingLink::fromJson));
  }

  public Future<Void> saveTicket(String ticket, String user, long ttlMs) {
    return kv.set(Keys.ticket(ticket), user, ttlMs);
  }

  /** The user a connect ticket was issued for; usable once. */
  public Future<Optional<String>> takeTicket(String ticket) {
    return kv.getAndDelete(Keys.ticket(ticket)).map(Optional::ofNullable);
  }

  // --- refresh lock ---------------------------------------------------------------------------

  public Future<Boolean> tryRefreshLock(String user, String owner, long ttlMs) {
    return kv.setIfAbsent(Keys.refreshLock(user), owner, ttlMs);
  }

  public Future<Boolean> releaseRefreshLock(String user, String owner) {
    return kv.deleteIfEquals(Keys.refreshLock(user), owner);
  }

  // --- app-wide rate limit --------------------------------------------------------------------

  /** Epoch millis until which Spotify asked the whole app to wait, or 0. */
  public Future<Long> rateLimitedUntil() {
    // A window that has ended reads as none, whether or not the store has expired it yet.
    return kv.get(Keys.rateLimit())
        .map(v -> v == null ? 0L : parseLong(v))
        .map(until -> until > System.currentTimeMillis() ? until : 0L);
  }

  public Future<Void> recordRateLimit(long untilEpochMs) {
    long ttl = untilEpochMs - System.currentTimeMillis();
    if (ttl <= 0) {
      return Future.succeededFuture();
    }
    return kv.set(Keys.rateLimit(), Long.toString(untilEpochMs), ttl);
  }

  // --- Spotify app credentials ----------------------------------------------------------------

  public Future<AppCredentials> appCredentials() {
    String key = Keys.appCredentials();
    return readSealed(key).map(o -> o.map(AppCredentials::fromJson).orElse(AppCredentials.NONE));
  }

  public Future<Void> saveAppCredentials(AppCredentials credentials) {
    if (credentials.clientId() == null && credentials.clientSecret() == null) {
      return kv.delete(Keys.appCredentials()).mapEmpty();
    }
    return writeSealed(Keys.appCredentials(), credentials.toJson(), 0);
  }

  // --- sealing --------------------------------------------------------------------------------

  private Future<Optional<JsonObject>> readSealed(String key) {
    return kv.get(key).map(blob -> open(key, blob));
  }

  private Future<Void> writeSealed(String key, JsonObject value, long ttlMs) {
    return kv.set(key, cipher.encrypt(value.encode(), key), ttlMs);
  }

  private Optional<JsonObject> open(String key, String blob) {
    if (blob == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new JsonObject(cipher.decrypt(blob, key)));
    } catch (TokenCipher.DecryptionException e) {
      // An unreadable record is as good as none; say so once, without the record.
      LOG.error("Cannot read {}: {}", key, e.getMessage());
      return Optional.empty();
    }
  }

  private static long parseLong(String v) {
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0L;
    }
  }
}
