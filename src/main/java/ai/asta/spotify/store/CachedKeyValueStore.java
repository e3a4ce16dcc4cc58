package ai.asta.spotify.store;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link KeyValueStore} that keeps the values of long-lived keys (tokens, app credentials, the
 * rate-limit window...) in memory, so the hot paths (status, devices, play) read no store at all.
 * Values stay as stored: a token record is cached sealed, never in the clear.
 *
 * <p>Coherence across instances sharing the store: every write here is followed by an {@link
 * Invalidations#announce} of its key, and the write completes only once that announcement is sent;
 * every instance drops the key when it hears it. While the instance cannot hear announcements
 * (connection lost, not yet subscribed), the cache is off and every read goes to the store. A read
 * that raced with an invalidation is not cached (the epoch check), and entries expire after {@link
 * #MAX_AGE} whatever happens, as a last safety net.
 *
 * <p>Concurrent misses of one key share one read of the store: after an invalidation, or while the
 * cache is off, a burst of thousands of requests for one user costs the store one GET, not one per
 * request (a refresh storm once queued thousands of GETs behind each other until they timed out). A
 * change drops the shared read too, so no caller that has seen a write joins a read older than it.
 */
public final class CachedKeyValueStore implements KeyValueStore {
  private static final Logger LOG = LoggerFactory.getLogger(CachedKeyValueStore.class);

  /** Longest any entry lives, even if an invalidation were lost. */
  static final Duration MAX_AGE = Duration.ofSeconds(60);

  /** Caffeine holds no nulls: absence is cached as this value. */
  private static final String ABSENT = new String("absent");

  private final KeyValueStore store;
  private final Invalidations invalidations;
  private final Predicate<String> cacheable;
  private final Cache<String, String> cache;
  private final AtomicLong epoch = new AtomicLong();
  private final ConcurrentHashMap<String, Future<String>> reading = new ConcurrentHashMap<>();
  private volatile boolean listening;

  /** How other instances hear of a changed key. */
  public interface Invalidations {
    /** Tells every instance (this one too) that {@code key} changed. */
    Future<Void> announce(String key);
  }

  /**
   * @param cacheable which keys are worth caching (one-time and lock keys are not)
   */
  public CachedKeyValueStore(
      KeyValueStore store,
      Invalidations invalidations,
      Predicate<String> cacheable,
      int maxEntries,
      MeterRegistry registry) {
    this.store = store;
    this.invalidations = invalidations;
    this.cacheable = cacheable;
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxEntries)
            .expireAfterWrite(MAX_AGE)
            .recordStats()
            .build();
    CaffeineCacheMetrics.monitor(registry, cache, "store");
  }

  // --- told by the invalidation listener ------------------------------------------------------

  /** Another instance (or this one) changed the key. */
  public void forget(String key) {
    epoch.incrementAndGet();
    reading.remove(key);
    cache.invalidate(key);
  }

  /** Announcements may be missed from now on: stop trusting and filling the cache. */
  public void stopListening() {
    listening = false;
    clear();
  }

  /** Announcements are heard again; what was cached before may have missed some. */
  public void listening() {
    clear();
    listening = true;
  }

  /** Whether reads may be served from memory now. */
  public boolean isListening() {
    return listening;
  }

  private void clear() {
    epoch.incrementAndGet();
    reading.clear();
    cache.invalidateAll();
  }

  // --- reads ----------------------------------------------------------------------------------

  @Override
  public Future<String> get(String key) {
    if (!cacheable.test(key)) {
      return store.get(key);
    }
    if (listening) {
      String cached = cache.getIfPresent(key);
      if (cached != null) {
        return Future.succeededFuture(cached == ABSENT ? null : cached);
      }
    }
    return onCallersContext(sharedRead(key));
  }

  private Future<String> sharedRead(String key) {
    Future<String> running = reading.get(key);
    if (running != null) {
      return running;
    }
    long before = epoch.get();
    Promise<String> promise = Promise.promise();
    Future<String> mine = promise.future();
    running = reading.putIfAbsent(key, mine);
    if (running != null) {
      return running;
    }
    store
        .get(key)
        .onComplete(
            result -> {
              reading.remove(key, mine);
              if (result.failed()) {
                clear();
              } else if (listening && epoch.get() == before) {
                // A change announced while this read was in flight may be newer than what it got.
                cache.put(key, result.result() == null ? ABSENT : result.result());
              }
              promise.handle(result);
            });
    return mine;
  }

  /**
   * A shared read completes on the event loop of the caller that started it; every other caller
   * goes on on its own (a verticle's state is touched from its own event loop only).
   */
  private static <T> Future<T> onCallersContext(Future<T> shared) {
    Context caller = Vertx.currentContext();
    if (caller == null) {
      return shared;
    }
    Promise<T> own = Promise.promise();
    shared.onComplete(
        result -> {
          if (Vertx.currentContext() == caller) {
            own.handle(result);
          } else {
            caller.runOnContext(v -> own.handle(result));
          }
        });
    return own.future();
  }

  @Override
  public Future<String> getFresh(String key) {
    return store.get(key);
  }

  // --- writes: forget locally, write, then announce -------------------------------------------

  @Override
  public Future<Void> set(String key, String value, long ttlMs) {
    return write(() -> store.set(key, value, ttlMs), key);
  }

  @Override
  public Future<Boolean> setIfAbsent(String key, String value, long ttlMs) {
    return write(() -> store.setIfAbsent(key, value, ttlMs), key);
  }

  @Override
  public Future<String> getAndDelete(String key) {
    return write(() -> store.getAndDelete(key), key);
  }

  @Override
  public Future<Boolean> deleteIfEquals(String key, String expected) {
    return write(() -> store.deleteIfEquals(key, expected), key);
  }

  @Override
  public Future<Long> delete(String... keys) {
    return write(() -> store.delete(keys), keys);
  }

  private <T> Future<T> write(Supplier<Future<T>> operation, String... keys) {
    String[] watched = Arrays.stream(keys).filter(cacheable).toArray(String[]::new);
    if (watched.length == 0) {
      return operation.get();
    }
    Arrays.stream(watched).forEach(this::forget);
    return operation
        .get()
        .andThen(r -> Arrays.stream(watched).forEach(this::forget))
        .compose(result -> announce(watched).map(result));
  }

  private Future<Void> announce(String[] keys) {
    Future<Void> all = Future.succeededFuture();
    for (String key : keys) {
      all =
          all.compose(
              v ->
                  invalidations
                      .announce(key)
                      .recover(
                          e -> {
                            // The write stands; instances that missed this drop the entry within
                            // MAX_AGE, or at once if they lost their subscription too.
                            LOG.warn("Could not announce a changed key: {}", e.getMessage());
                            return Future.succeededFuture();
                          }));
    }
    return all;
  }

  // --- the rest passes through ----------------------------------------------------------------

  @Override
  public Future<Long> count(String prefix, String suffix) {
    return store.count(prefix, suffix);
  }

  @Override
  public Future<Void> ping() {
    return store.ping();
  }

  @Override
  public String kind() {
    return store.kind();
  }

  @Override
  public Future<Void> close() {
    return store.close();
  }
}
