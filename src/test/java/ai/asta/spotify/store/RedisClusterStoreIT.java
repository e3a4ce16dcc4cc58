package ai.asta.spotify.store;

import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.support.TestRedisCluster;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The store contract against a three-master Redis Cluster (keys spread over slots and nodes),
 * through the in-memory cache the service puts in front of Redis.
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
  protected KeyValueStore open(Vertx vertx) throws Exception {
    // With the in-memory cache in front, as the service runs it: the contract holds through it.
    return StoreCacheIT.CachedStores.open(
        vertx, new RedisKeyValueStore(vertx, cluster.urls(), "cluster", null, 2000, new Metrics()));
  }
}
