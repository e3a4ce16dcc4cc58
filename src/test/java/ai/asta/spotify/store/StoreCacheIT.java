package ai.asta.spotify.store;

import static ai.asta.spotify.store.StoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.support.TestRedis;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The in-memory store cache against real Redis servers: two instances (two Vert.x, two caches)
 * share one Redis, and a third, uncached client writes behind their backs to show when the cache is
 * (and is not) what answers.
 */
class StoreCacheIT {
  private final List<Vertx> vertxes = new ArrayList<>();
  private final String user = "cache-" + UUID.randomUUID();
  private final String key = Keys.tokens(user);

  @AfterEach
  void closeAll() throws Exception {
    for (Vertx v : vertxes) {
      await(v.close());
    }
  }

  @Test
  void readsComeFromMemoryAndEveryInstanceDropsAnAnnouncedChange() throws Exception {
    String url = TestRedis.shared().url();
    CachedKeyValueStore a = cached(url);
    CachedKeyValueStore b = cached(url);
    KeyValueStore behindTheBack = raw(url);

    // Unannounced writes, so no announcement is still on its way to B when it reads.
    await(behindTheBack.set(key, "v1", 0));
    assertThat(await(b.get(key))).isEqualTo("v1");
    await(behindTheBack.set(key, "unannounced", 0));
    assertThat(await(b.get(key))).as("served from B's memory").isEqualTo("v1");
    assertThat(await(b.getFresh(key))).as("getFresh reads Redis").isEqualTo("unannounced");

    await(a.set(key, "v2", 0));
    eventually(() -> "v2".equals(get(b, key)), "B sees A's write");
    assertThat(await(a.get(key))).as("A's own write, at once").isEqualTo("v2");

    await(a.delete(key));
    eventually(() -> get(b, key) == null, "B sees A's delete");
  }

  @Test
  void keysThatAreNotCacheableAlwaysReadRedis() throws Exception {
    String url = TestRedis.shared().url();
    CachedKeyValueStore b = cached(url);
    KeyValueStore behindTheBack = raw(url);
    String ticket = Keys.ticket("t-" + user);

    await(behindTheBack.set(ticket, "one", 10_000));
    assertThat(await(b.get(ticket))).isEqualTo("one");
    await(behindTheBack.set(ticket, "two", 10_000));
    assertThat(await(b.get(ticket))).isEqualTo("two");
  }

  @Test
  void aCrashedRedisTurnsTheCacheOffUntilItIsHeardAgain() throws Exception {
    try (TestRedis redis = TestRedis.owned()) {
      CachedKeyValueStore b = cached(redis.url());
      KeyValueStore behindTheBack = raw(redis.url());
      await(behindTheBack.set(key, "before", 0));
      assertThat(await(b.get(key))).isEqualTo("before");

      redis.stop();
      eventually(() -> !b.isListening(), "the cache goes off");
      Throwable failure = await(b.get(key).map(v -> (Throwable) null).otherwise(e -> e));
      assertThat(failure)
          .as("no answer from memory while Redis is gone")
          .isInstanceOf(StoreUnavailableException.class);

      redis.start();
      await(behindTheBack.set(key, "written while the cache was off", 0));
      eventually(b::isListening, "the cache comes back");
      assertThat(await(b.get(key))).isEqualTo("written while the cache was off");
    }
  }

  @Test
  void aHungRedisIsNoticedByTheSilence() throws Exception {
    try (TestRedis redis = TestRedis.owned()) {
      CachedKeyValueStore b = cached(redis.url());
      await(b.set(key, "before", 0));
      assertThat(await(b.get(key))).isEqualTo("before");

      long frozenAt = System.currentTimeMillis();
      redis.freeze();
      try {
        eventually(() -> !b.isListening(), "the cache goes off although no connection closed");
        assertThat(System.currentTimeMillis() - frozenAt)
            .isLessThan(RedisInvalidations.SILENCE_MS + 2_000);
      } finally {
        redis.thaw();
      }
      eventually(b::isListening, "the cache comes back");
    }
  }

  private CachedKeyValueStore cached(String url) throws Exception {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    return CachedStores.open(vertx, new RedisKeyValueStore(vertx, url, 1000));
  }

  private KeyValueStore raw(String url) {
    Vertx vertx = Vertx.vertx();
    vertxes.add(vertx);
    return new RedisKeyValueStore(vertx, url, 1000);
  }

  private static String get(KeyValueStore store, String key) {
    try {
      return await(store.get(key));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.currentTimeMillis() + 10_000;
    while (!condition.getAsBoolean()) {
      if (System.currentTimeMillis() > end) {
        throw new AssertionError("Not within 10 s: " + what);
      }
      Thread.sleep(10);
    }
  }

  /** Shared with the cluster contract run. */
  static final class CachedStores {
    static CachedKeyValueStore open(Vertx vertx, RedisKeyValueStore redis) throws Exception {
      RedisInvalidations invalidations = new RedisInvalidations(vertx, redis);
      CachedKeyValueStore cache =
          new CachedKeyValueStore(
              redis, invalidations, Keys::cacheable, 1000, new SimpleMeterRegistry());
      invalidations.start(cache);
      eventually(cache::isListening, "the cache is subscribed");
      return cache;
    }
  }
}
