package ai.asta.spotify.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps every instance's {@link CachedKeyValueStore} coherent through one Redis pub/sub channel: a
 * write announces its key name there (a key name, never a value), and each subscribed instance
 * drops that key. Redis is the one thing all instances share, clustered event bus or not, so this
 * works for any deployment that shares the store.
 *
 * <p>The cache is trusted only while this instance provably hears the channel: it publishes a
 * heartbeat of its own every second and must hear it back within {@link #SILENCE_MS}. A closed
 * connection, a Redis that hangs without closing anything, or a network partition all switch the
 * cache off within that time; then this resubscribes until it succeeds.
 */
public final class RedisInvalidations implements CachedKeyValueStore.Invalidations {
  private static final Logger LOG = LoggerFactory.getLogger(RedisInvalidations.class);

  static final String CHANNEL = Keys.PREFIX + "invalidate";
  private static final long RETRY_MS = 250;
  private static final long HEARTBEAT_MS = 1000;
  static final long SILENCE_MS = 3000;

  /** Key names never start with '~', so a heartbeat cannot be taken for one. */
  private final String heartbeat = "~heartbeat:" + UUID.randomUUID();

  private final Vertx vertx;
  private final RedisKeyValueStore redis;
  private CachedKeyValueStore cache;
  private Redis subscriber;
  private long lastHeard;
  private long heartbeatTimer = -1;
  private boolean closed;

  public RedisInvalidations(Vertx vertx, RedisKeyValueStore redis) {
    this.vertx = vertx;
    this.redis = redis;
  }

  @Override
  public Future<Void> announce(String key) {
    return redis.publish(CHANNEL, key);
  }

  /** Subscribes for {@code cache}; the cache is used from the confirmation on. */
  public synchronized void start(CachedKeyValueStore cache) {
    this.cache = cache;
    heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MS, t -> beat());
    subscribe();
  }

  public synchronized void close() {
    closed = true;
    vertx.cancelTimer(heartbeatTimer);
    if (subscriber != null) {
      subscriber.close();
    }
  }

  private synchronized void subscribe() {
    if (closed) {
      return;
    }
    Redis client = redis.subscriberClient();
    subscriber = client;
    lastHeard = System.currentTimeMillis();
    client
        .connect()
        .compose(
            connection -> {
              connection.handler(message -> onMessage(client, message));
              connection.exceptionHandler(e -> lost(client, e.getMessage()));
              connection.endHandler(v -> lost(client, "connection closed"));
              return connection.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL));
            })
        .timeout(SILENCE_MS, TimeUnit.MILLISECONDS)
        .onFailure(e -> lost(client, e.getMessage()));
  }

  private synchronized void beat() {
    Redis client = subscriber;
    if (client == null) {
      return; // a resubscription is scheduled
    }
    if (System.currentTimeMillis() - lastHeard > SILENCE_MS) {
      lost(client, "no heartbeat heard for " + SILENCE_MS + " ms");
      return;
    }
    announce(heartbeat);
  }

  private synchronized void onMessage(Redis client, Response message) {
    if (client != subscriber || message == null || message.size() < 3) {
      return;
    }
    switch (message.get(0).toString()) {
      case "message" -> {
        String key = message.get(2).toString();
        if (key.equals(heartbeat)) {
          lastHeard = System.currentTimeMillis();
        } else if (!key.startsWith("~")) {
          cache.forget(key);
        }
      }
      case "subscribe" -> {
        lastHeard = System.currentTimeMillis();
        cache.listening();
        LOG.debug("Store cache on: listening for changes on {}", CHANNEL);
      }
      default -> {}
    }
  }

  private synchronized void lost(Redis client, String why) {
    if (client != subscriber) {
      return; // an earlier attempt, already replaced
    }
    cache.stopListening();
    subscriber = null;
    client.close();
    if (!closed) {
      LOG.debug("Store cache off until Redis is heard again ({})", why);
      vertx.setTimer(RETRY_MS, t -> subscribe());
    }
  }
}
