package ai.asta.spotify.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;

/**
 * A real Redis for integration tests, found in this order: {@code REDIS_URL}; a Testcontainers
 * container where Docker works; a {@code redis-server} started on a free port; else the test fails
 * loudly. Never skipped.
 *
 * <p>{@link #owned()} gives a server this harness controls, so a test can stop and restart it.
 */
public final class TestRedis implements AutoCloseable {
  private static TestRedis shared;

  private final String url;
  private final Process process;
  private final GenericContainer<?> container;
  private final int port;
  private final Path dir;
  private boolean persistent;

  private TestRedis(
      String url, Process process, GenericContainer<?> container, int port, Path dir) {
    this.url = url;
    this.process = process;
    this.container = container;
    this.port = port;
    this.dir = dir;
  }

  /** One Redis shared by the whole test run; keys are namespaced per test by user ids. */
  public static synchronized TestRedis shared() {
    if (shared == null) {
      String env = System.getenv("REDIS_URL");
      shared = env != null && !env.isBlank() ? new TestRedis(env, null, null, -1, null) : owned();
      Runtime.getRuntime().addShutdownHook(new Thread(shared::close));
    }
    return shared;
  }

  /** A Redis only this caller uses, which it may stop and start. */
  public static TestRedis owned() {
    if (dockerWorks()) {
      GenericContainer<?> c = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
      c.start();
      return new TestRedis(
          "redis://" + c.getHost() + ":" + c.getMappedPort(6379), null, c, -1, null);
    }
    int port = freePort();
    try {
      Path dir = Files.createTempDirectory("asta-test-redis");
      TestRedis redis = new TestRedis("redis://127.0.0.1:" + port, null, null, port, dir);
      return redis.startProcess();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A redis-server this caller controls that keeps its data across a kill (append-only file, fsync
   * on every write), as a production Redis with persistence does.
   */
  public static TestRedis ownedPersistent() {
    int port = freePort();
    try {
      Path dir = Files.createTempDirectory("asta-test-redis");
      TestRedis redis = new TestRedis("redis://127.0.0.1:" + port, null, null, port, dir);
      redis.persistent = true;
      return redis.startProcess();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public String url() {
    return url;
  }

  /** Stops the server (process or container), keeping nothing: an outage. */
  public void stop() {
    if (container != null) {
      container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
      return;
    }
    requireOwnedProcess();
    current.destroyForcibly();
    try {
      current.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Starts it again on the same port. */
  public void start() {
    if (container != null) {
      container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
      return;
    }
    requireOwnedProcess();
    startProcess();
  }

  /**
   * Makes the server hang without closing any connection (SIGSTOP; a paused container): the failure
   * a crash does not show, where clients only notice by the silence.
   */
  public void freeze() {
    if (container != null) {
      container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
      return;
    }
    requireOwnedProcess();
    signal("STOP");
  }

  /** Lets a frozen server run on. */
  public void thaw() {
    if (container != null) {
      container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
      return;
    }
    requireOwnedProcess();
    signal("CONT");
  }

  private void signal(String name) {
    try {
      new ProcessBuilder("kill", "-" + name, Long.toString(current.pid())).start().waitFor();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Process current;

  private TestRedis startProcess() {
    try {
      current =
          redisServer(
              port, dir, "--appendonly", persistent ? "yes" : "no", "--appendfsync", "always");
    } catch (IOException e) {
      throw new IllegalStateException(
          "No Redis for the integration tests: REDIS_URL is unset, Docker is unavailable, and"
              + " 'redis-server' could not be started ("
              + e.getMessage()
              + "). Install redis-server (apt-get install redis-server) or set REDIS_URL.",
          e);
    }
    awaitPort(port, Duration.ofSeconds(10));
    return this;
  }

  /** A redis-server on loopback, keeping no snapshot, logging into {@code dir}. */
  static Process redisServer(int port, Path dir, String... extra) throws IOException {
    List<String> command =
        new ArrayList<>(
            List.of(
                "redis-server",
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--dir",
                dir.toString()));
    command.addAll(List.of(extra));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile())
        .start();
  }

  private void requireOwnedProcess() {
    if (port < 0) {
      throw new IllegalStateException("This Redis (REDIS_URL) is not controlled by the tests");
    }
  }

  @Override
  public void close() {
    if (container != null) {
      container.stop();
    }
    if (current != null) {
      current.destroyForcibly();
    }
  }

  private static boolean dockerWorks() {
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (Throwable e) {
      return false;
    }
  }

  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void awaitPort(int port, Duration timeout) {
    Instant end = Instant.now().plus(timeout);
    while (Instant.now().isBefore(end)) {
      try (Socket s = new Socket("127.0.0.1", port)) {
        return;
      } catch (IOException e) {
        try {
          Thread.sleep(20);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    throw new IllegalStateException("redis-server did not open port " + port + " in " + timeout);
  }
}
