package ai.asta.spotify.store;

import static ai.asta.spotify.store.StoreContract.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The cache's own rules, over the embedded store with reads that can be held in flight: the one
 * race a real Redis cannot be made to show on demand (a change announced while a read is on its way
 * back).
 */
class CachedKeyValueStoreTest {
  private Vertx vertx;
  private KeyValueStore backing;
  private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();
  private final AtomicInteger reads = new AtomicInteger();
  private final List<String> announced = new ArrayList<>();
  private CachedKeyValueStore cache;
  private final String key = Keys.tokens("u1");

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    backing = await(EmbeddedKeyValueStore.open(vertx, Files.createTempDirectory("cache-test")));
    KeyValueStore slow =
        new ForwardingStore(backing) {
          @Override
          public Future<String> get(String k) {
            reads.incrementAndGet();
            Promise<Void> gate = Promise.promise();
            held.add(gate);
            return gate.future().compose(v -> backing.get(k));
          }
        };
    cache =
        new CachedKeyValueStore(
            slow,
            k -> {
              announced.add(k);
              return Future.succeededFuture();
            },
            Keys::cacheable,
            100,
            new SimpleMeterRegistry());
    cache.listening();
  }

  @AfterEach
  void tearDown() throws Exception {
    await(vertx.close());
  }

  private String read() throws Exception {
    Future<String> f = cache.get(key);
    held.forEach(Promise::tryComplete);
    return await(f);
  }

  @Test
  void aSecondReadIsServedFromMemory() throws Exception {
    await(backing.set(key, "v1", 0));
    assertThat(read()).isEqualTo("v1");
    assertThat(read()).isEqualTo("v1");
    assertThat(reads).hasValue(1);
  }

  @Test
  void aReadThatRacedAnInvalidationIsNotCached() throws Exception {
    await(backing.set(key, "old", 0));
    Future<String> inFlight = cache.get(key);
    cache.forget(key); // another instance announces a change while the read is on its way
    await(backing.set(key, "new", 0));
    held.forEach(Promise::tryComplete);
    assertThat(await(inFlight)).isEqualTo("new");
    assertThat(read()).isEqualTo("new");
    assertThat(reads).as("the raced read was not kept").hasValue(2);
  }

  @Test
  void writesForgetLocallyAndAnnounceOnlyCacheableKeys() throws Exception {
    await(backing.set(key, "v1", 0));
    assertThat(read()).isEqualTo("v1");
    await(cache.set(key, "v2", 0));
    await(cache.set(Keys.ticket("t"), "user", 1000));
    assertThat(read()).isEqualTo("v2");
    assertThat(announced).containsExactly(key);
  }

  @Test
  void whileNotListeningEveryReadGoesToTheStore() throws Exception {
    await(backing.set(key, "v1", 0));
    cache.stopListening();
    read();
    read();
    assertThat(reads).hasValue(2);
  }

  @Test
  void concurrentMissesOfOneKeyShareOneRead() throws Exception {
    await(backing.set(key, "v1", 0));
    List<Future<String>> burst = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      burst.add(cache.get(key));
    }
    held.forEach(Promise::tryComplete);
    for (Future<String> f : burst) {
      assertThat(await(f)).isEqualTo("v1");
    }
    assertThat(reads).hasValue(1);
  }

  @Test
  void whileNotListeningConcurrentReadsStillShareOneButNothingIsKept() throws Exception {
    await(backing.set(key, "v1", 0));
    cache.stopListening();
    Future<String> a = cache.get(key);
    Future<String> b = cache.get(key);
    held.forEach(Promise::tryComplete);
    assertThat(await(a)).isEqualTo("v1");
    assertThat(await(b)).isEqualTo("v1");
    assertThat(reads).hasValue(1);
    read();
    assertThat(reads).as("not served from memory").hasValue(2);
  }

  @Test
  void aReadAfterAWriteDoesNotJoinAReadStartedBeforeIt() throws Exception {
    await(backing.set(key, "v1", 0));
    Future<String> before = cache.get(key);
    await(cache.set(key, "v2", 0));
    Future<String> after = cache.get(key);
    held.forEach(Promise::tryComplete);
    assertThat(await(after)).isEqualTo("v2");
    await(before);
    assertThat(reads).as("the later read went to the store itself").hasValue(2);
  }

  @Test
  void everyCallerOfASharedReadGoesOnOnItsOwnEventLoop() throws Exception {
    await(backing.set(key, "v1", 0));
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    List<Future<Boolean>> ranOnOwn = new ArrayList<>();
    CountDownLatch asked = new CountDownLatch(2);
    for (Context context : List.of(first, second)) {
      Promise<Boolean> own = Promise.promise();
      context.runOnContext(
          v -> {
            cache.get(key).onComplete(r -> own.complete(Vertx.currentContext() == context));
            asked.countDown();
          });
      ranOnOwn.add(own.future());
    }
    assertThat(asked.await(5, TimeUnit.SECONDS)).isTrue();
    held.forEach(Promise::tryComplete);
    assertThat(await(ranOnOwn.get(0))).isTrue();
    assertThat(await(ranOnOwn.get(1))).isTrue();
    assertThat(reads).hasValue(1);
  }

  /** Passes every call to another store. */
  private static class ForwardingStore implements KeyValueStore {
    private final KeyValueStore to;

    ForwardingStore(KeyValueStore to) {
      this.to = to;
    }

    @Override
    public Future<String> get(String key) {
      return to.get(key);
    }

    @Override
    public Future<Void> set(String key, String value, long ttlMs) {
      return to.set(key, value, ttlMs);
    }

    @Override
    public Future<Boolean> setIfAbsent(String key, String value, long ttlMs) {
      return to.setIfAbsent(key, value, ttlMs);
    }

    @Override
    public Future<String> getAndDelete(String key) {
      return to.getAndDelete(key);
    }

    @Override
    public Future<Boolean> deleteIfEquals(String key, String expected) {
      return to.deleteIfEquals(key, expected);
    }

    @Override
    public Future<Long> delete(String... keys) {
      return to.delete(keys);
    }

    @Override
    public Future<Long> count(String prefix, String suffix) {
      return to.count(prefix, suffix);
    }

    @Override
    public Future<Void> ping() {
      return to.ping();
    }

    @Override
    public String kind() {
      return to.kind();
    }

    @Override
    public Future<Void> close() {
      return to.close();
    }
  }
}
