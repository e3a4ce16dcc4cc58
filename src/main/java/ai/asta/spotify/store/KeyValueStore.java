package ai.asta.spotify.store;

import io.vertx.core.Future;

/**
 * The few storage primitives the service needs, with Redis semantics. Two implementations: {@link
 * RedisKeyValueStore} (shared by all instances) and {@link EmbeddedKeyValueStore} (one instance,
 * persisted to a file). Both pass the same contract test suite.
 *
 * <p>Every operation fails with {@link StoreUnavailableException} when the backend cannot answer in
 * time; the API maps that to 503.
 */
public interface KeyValueStore {

  /** The value, or {@code null} when absent or expired. */
  Future<String> get(String key);

  /**
   * The value as the backend holds it now, bypassing any cache: for decisions that must see the
   * latest write of another instance (re-reading tokens under the refresh lock).
   */
  default Future<String> getFresh(String key) {
    return get(key);
  }

  /** Sets a value; {@code ttlMs <= 0} means no expiry. */
  Future<Void> set(String key, String value, long ttlMs);

  /** SET NX PX: sets only when absent; true when this call set it. */
  Future<Boolean> setIfAbsent(String key, String value, long ttlMs);

  /** GETDEL: returns the value and deletes it in one step, so it can be consumed only once. */
  Future<String> getAndDelete(String key);

  /** Deletes only when the current value equals {@code expected}; true when it deleted. */
  Future<Boolean> deleteIfEquals(String key, String expected);

  /** Deletes the keys; answers how many existed. */
  Future<Long> delete(String... keys);

  /** How many keys start with {@code prefix} and end with {@code suffix} (a full scan). */
  Future<Long> count(String prefix, String suffix);

  /** Succeeds when the backend answers; used by the readiness check. */
  Future<Void> ping();

  /** "redis" or "embedded", for logs and readiness. */
  String kind();

  Future<Void> close();
}
