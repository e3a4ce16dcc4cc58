package ai.asta.spotify.store;

import ai.asta.spotify.support.TestRedis;
import io.vertx.core.Vertx;

/** The store contract against a real Redis. */
class RedisStoreIT extends StoreContract {
  @Override
  protected KeyValueStore open(Vertx vertx) {
    return new RedisKeyValueStore(vertx, TestRedis.shared().url(), 2000);
  }
}
