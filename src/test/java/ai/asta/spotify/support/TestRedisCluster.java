package ai.asta.spotify.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A three-master Redis Cluster of local redis-server processes, for the store contract. */
public final class TestRedisCluster implements AutoCloseable {
  private final List<Process> nodes = new ArrayList<>();
  private final List<Integer> ports = new ArrayList<>();

  public static TestRedisCluster start() {
    TestRedisCluster cluster = new TestRedisCluster();
    try {
      Path root = Files.createTempDirectory("asta-test-redis-cluster");
      for (int i = 0; i < 3; i++) {
        int port = TestRedis.freePort();
        Path dir = Files.createDirectories(root.resolve(Integer.toString(port)));
        cluster.ports.add(port);
        cluster.nodes.add(
            TestRedis.redisServer(
                port,
                dir,
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
                "--appendonly",
                "no"));
      }
      Thread.sleep(300);
      List<String> create = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
      cluster.ports.forEach(p -> create.add("127.0.0.1:" + p));
      create.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
      Process p =
          new ProcessBuilder(create)
              .redirectErrorStream(true)
              .redirectOutput(root.resolve("create.log").toFile())
              .start();
      if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException(
            "redis-cli --cluster create failed: " + Files.readString(root.resolve("create.log")));
      }
      Thread.sleep(1000); // let the nodes agree on the slot map
      return cluster;
    } catch (IOException e) {
      cluster.close();
      throw new IllegalStateException(
          "Cannot start a Redis Cluster (redis-server and redis-cli needed): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Every node, comma-separated, as ASTA_REDIS_URL takes them with ASTA_REDIS_TYPE=cluster. */
  public String urls() {
    return String.join(",", ports.stream().map(p -> "redis://127.0.0.1:" + p).toList());
  }

  @Override
  public void close() {
    nodes.forEach(Process::destroyForcibly);
  }
}
