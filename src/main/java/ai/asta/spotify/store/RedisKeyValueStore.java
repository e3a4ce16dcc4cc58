package ai.asta.spotify.store;

import ai.asta.spotify.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.RedisRole;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link KeyValueStore} on Redis through a pooled vertx-redis-client. */
public final class RedisKeyValueStore implements KeyValueStore {
  /** Compare-and-delete in one step, so a lock is only released by its owner. */
  private static final String DELETE_IF_EQUALS =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return"
          + " 0 end";

  private final Redis client;
  private final RedisAPI api;
  private final long timeoutMs;
  private final Metrics metrics;
  private final Vertx vertx;
  private final boolean cluster;
  private final RedisOptions options;
  private int subscriberAttempts;

  public RedisKeyValueStore(Vertx vertx, String url, long timeoutMs) {
    this(vertx, url, "standalone", null, timeoutMs, new Metrics());
  }

  /**
   * @param urls one redis:// URL, or (sentinel, cluster) several, comma-separated
   * @param type standalone, sentinel or cluster
   * @param masterName the monitored master's name, with sentinel
   */
  public RedisKeyValueStore(
      Vertx vertx, String urls, String type, String masterName, long timeoutMs, Metrics metrics) {
    this.metrics = metrics;
    this.vertx = vertx;
    this.cluster = "cluster".equals(type);
    RedisOptions options = new RedisOptions();
    for (String url : urls.split(",")) {
      options.addConnectionString(url.trim());
    }
    switch (type) {
      case "sentinel" ->
          options
              .setType(RedisClientType.SENTINEL)
              .setMasterName(masterName)
              .setRole(RedisRole.MASTER);
      case "cluster" -> options.setType(RedisClientType.CLUSTER);
      default -> options.setType(RedisClientType.STANDALONE);
    }
    options
        // Bursts of thousands of requests queue here rather than fail; each waits at most the
        // store timeout.
        .setMaxPoolSize(32)
        .setMaxPoolWaiting(65536)
        .setMaxWaitingHandlers(65536)
        .setPoolRecycleTimeout(15_000)
        .setNetClientOptions(
            new NetClientOptions().setConnectTimeout((int) timeoutMs).setTcpKeepAlive(true));
    this.options = options;
    this.client = Redis.createClient(vertx, options);
    this.api = RedisAPI.api(client);
    this.timeoutMs = timeoutMs;
  }

  @Override
  public Future<String> get(String key) {
    return guard("get", api.get(key)).map(RedisKeyValueStore::text);
  }

  @Override
  public Future<Void> set(String key, String value, long ttlMs) {
    List<String> args = new ArrayList<>(List.of(key, value));
    if (ttlMs > 0) {
      args.addAll(List.of("PX", Long.toString(ttlMs)));
    }
    return guard("set", api.set(args)).mapEmpty();
  }

  @Override
  public Future<Boolean> setIfAbsent(String key, String value, long ttlMs) {
    List<String> args = new ArrayList<>(List.of(key, value, "NX"));
    if (ttlMs > 0) {
      args.addAll(List.of("PX", Long.toString(ttlMs)));
    }
    return guard("set_nx", api.set(args)).map(r -> r != null);
  }

  @Override
  public Future<String> getAndDelete(String key) {
    return guard("getdel", api.getdel(key)).map(RedisKeyValueStore::text);
  }

  @Override
  public Future<Boolean> deleteIfEquals(String key, String expected) {
    return guard("delete_if_equals", api.eval(List.of(DELETE_IF_EQUALS, "1", key, expected)))
        .map(r -> r != null && r.toLong() == 1L);
  }

  @Override
  public Future<Long> delete(String... keys) {
    return guard("delete", api.del(List.of(keys))).map(r -> r == null ? 0L : r.toLong());
  }

  /**
   * SCAN in pages of 1,000, which never blocks Redis the way KEYS would. A Redis Cluster spreads
   * keys over its masters and SCAN sees one node, so there each master is scanned in turn.
   */
  @Override
  public Future<Long> count(String prefix, String suffix) {
    String match = glob(prefix) + "*" + glob(suffix);
    if (!cluster) {
      return scan(api, "0", match, 0L);
    }
    return guard("cluster_nodes", api.cluster(List.of("NODES")))
        .compose(
            nodes -> {
              Future<Long> total = Future.succeededFuture(0L);
              for (String master : masters(nodes.toString())) {
                total = total.compose(sum -> scanNode(master, match).map(n -> sum + n));
              }
              return total;
            });
  }

  private Future<Long> scanNode(String hostPort, String match) {
    Redis node = Redis.createClient(vertx, "redis://" + hostPort);
    return scan(RedisAPI.api(node), "0", match, 0L)
        .eventually(
            () -> {
              node.close();
              return Future.succeededFuture();
            });
  }

  /** The host:port of each live master in a CLUSTER NODES answer. */
  static List<String> masters(String clusterNodes) {
    List<String> masters = new ArrayList<>();
    for (String line : clusterNodes.split("\n")) {
      String[] f = line.trim().split(" ");
      if (f.length > 2 && f[2].contains("master") && !f[2].contains("fail")) {
        masters.add(f[1].replaceAll("@.*", ""));
      }
    }
    return masters;
  }

  private Future<Long> scan(RedisAPI api, String cursor, String match, long found) {
    return guard("scan", api.scan(List.of(cursor, "MATCH", match, "COUNT", "1000")))
        .compose(
            page -> {
              long total = found + page.get(1).size();
              String next = page.get(0).toString();
              return "0".equals(next)
                  ? Future.succeededFuture(total)
                  : scan(api, next, match, total);
            });
  }

  /** Escapes glob characters, so a literal such as {@code {user}} matches itself. */
  private static String glob(String literal) {
    return literal.replaceAll("([\\\\*?\\[\\]])", "\\\\$1");
  }

  /** PUBLISH, through the pool. */
  public Future<Void> publish(String channel, String message) {
    return guard("publish", api.publish(channel, message)).mapEmpty();
  }

  /**
   * A client of its own for SUBSCRIBE (a subscribed connection can do nothing else). On a Redis
   * Cluster, PUBLISH reaches every node, so one node will do: each attempt takes the next.
   */
  public Redis subscriberClient() {
    RedisOptions single = new RedisOptions(options).setMaxPoolSize(1);
    if (cluster) {
      List<String> nodes = options.getEndpoints();
      String node = nodes.get(Math.floorMod(subscriberAttempts++, nodes.size()));
      single = new RedisOptions(options).setType(RedisClientType.STANDALONE);
      single.setEndpoints(new ArrayList<>(List.of(node)));
    }
    return Redis.createClient(vertx, single);
  }

  @Override
  public Future<Void> ping() {
    return guard("ping", api.ping(List.of())).mapEmpty();
  }

  @Override
  public String kind() {
    return "redis";
  }

  @Override
  public Future<Void> close() {
    client.close();
    return Future.succeededFuture();
  }

  private Future<Response> guard(String operation, Future<Response> call) {
    return call.timeout(timeoutMs, TimeUnit.MILLISECONDS)
        .recover(
            e -> {
              metrics.storeError(operation);
              return Future.failedFuture(
                  new StoreUnavailableException("Redis did not answer: " + e.getMessage(), e));
            });
  }

  private static String text(Response r) {
    return r == null ? null : r.toString();
  }
}
