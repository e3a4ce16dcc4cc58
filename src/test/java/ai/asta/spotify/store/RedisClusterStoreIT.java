package ai.asta.spotify.store;

import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.support.TestRedisCluster;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/**
 * The store contract against a three-master Redis Cluster (keys spread over slots and nodes), on
 * the store itself and through the in-memory cache the service puts in front of it.
 */
class RedisClusterStoreIT extends StoreContract {
  static TestRedisCluster cluster;

  @BeforeAll
  static void startCluster() {
    cluster = TestRedisCluster.start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @Override
  protected KeyValueStore open(Vertx vertx) {
    return new RedisKeyValueStore(vertx, cluster.urls(), "cluster", null, 2000, new Metrics());
  }

  /** The same contract through the in-memory cache the service puts in front of Redis. */
  @Nested
  class ThroughTheCache extends StoreContract {
    @Override
    protected KeyValueStore open(Vertx vertx) throws Exception {
      return StoreCacheIT.CachedStores.open(
          vertx,
          new RedisKeyValueStore(vertx, cluster.urls(), "cluster", null, 2000, new Metrics()));
    }
  }
}
