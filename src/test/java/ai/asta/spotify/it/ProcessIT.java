package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.TestRedis;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The packaged jar as an operator runs it: start, health, SIGTERM, and refusing unsafe config. */
class ProcessIT {
  static final Path JAR = Path.of("target/asta-spotify.jar").toAbsolutePath();

  @Test
  void startsOnTheEmbeddedStoreAndStopsCleanlyOnSigterm() throws Exception {
    Path dir = Files.createTempDirectory("asta-process");
    int port = TestRedis.freePort();
    Process p =
        launch(
            dir,
            Map.of(
                "ASTA_HTTP_PORT",
                Integer.toString(port),
                "ASTA_BASE_URL",
                "http://127.0.0.1:" + port));
    Path log = dir.resolve("out.log");
    try {
      await(Duration.ofSeconds(20), () -> read(log).contains("ready at"));
      assertThat(read(log)).contains("Store: embedded").contains("http://127.0.0.1:" + port);
      String started = read(log).replaceAll("(?s).*ready at \\S+ in (\\d+) ms.*", "$1");
      System.out.println("start-up to ready: " + started + " ms");
      assertThat(Http.get("http://127.0.0.1:" + port + "/health").status()).isEqualTo(200);
      assertThat(Http.get("http://127.0.0.1:" + port + "/ready").status()).isEqualTo(200);
      assertThat(Files.exists(dir.resolve("data/encryption.key"))).isTrue();
    } finally {
      p.destroy(); // SIGTERM
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(read(log)).isZero();
    assertThat(read(log)).contains("Stopped");
  }

  @Test
  void sigtermLetsAnInFlightRequestFinish() throws Exception {
    Path dir = Files.createTempDirectory("asta-process");
    int port = TestRedis.freePort();
    int simPort = TestRedis.freePort();
    String url = "http://127.0.0.1:" + port;
    Process p =
        launch(
            dir,
            Map.of(
                "ASTA_HTTP_PORT",
                Integer.toString(port),
                "ASTA_BASE_URL",
                url,
                "ASTA_SPOTIFY_SANDBOX",
                "true",
                "ASTA_SANDBOX_PORT",
                Integer.toString(simPort)));
    Path log = dir.resolve("out.log");
    try {
      await(Duration.ofSeconds(20), () -> read(log).contains("ready at"));
      LinkDriver.link(url, null, "default", "sandbox-user");
      // Spotify answers slowly; SIGTERM arrives while the request waits for it.
      Http.post(
          "http://127.0.0.1:" + simPort + "/sim/faults",
          null,
          "{\"endpoint\":\"GET /v1/me/player/devices\",\"kind\":\"delay\",\"delay_ms\":1500}");
      CompletableFuture<Http.Reply> inFlight =
          CompletableFuture.supplyAsync(() -> Http.get(url + "/api/spotify/devices"));
      Thread.sleep(400);
      p.destroy(); // SIGTERM
      Http.Reply reply = inFlight.get(30, TimeUnit.SECONDS);
      assertThat(reply.status()).as(read(log)).isEqualTo(200);
      assertThat(reply.json().getJsonArray("devices")).hasSize(3);
    } finally {
      p.destroy();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
  }

  @Test
  void logsOneJsonObjectPerLineOnRequest() throws Exception {
    Path dir = Files.createTempDirectory("asta-process");
    int port = TestRedis.freePort();
    Process p =
        launch(dir, Map.of("ASTA_HTTP_PORT", Integer.toString(port), "ASTA_LOG_FORMAT", "JSON"));
    Path log = dir.resolve("out.log");
    try {
      await(Duration.ofSeconds(20), () -> read(log).contains("ready at"));
      Http.Reply reply = Http.get("http://127.0.0.1:" + port + "/api/spotify/status?user_id=json");
      String id = reply.header("X-Request-Id");
      assertThat(id).isNotBlank();
      await(Duration.ofSeconds(5), () -> read(log).contains(id));
    } finally {
      p.destroy();
    }
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    List<JsonObject> entries =
        read(log).lines().filter(l -> !l.isBlank()).map(JsonObject::new).toList();
    assertThat(entries).isNotEmpty();
    assertThat(entries)
        .allMatch(e -> e.getString("level") != null && e.getString("formattedMessage") != null);
    List<String> messages = entries.stream().map(e -> e.getString("formattedMessage")).toList();
    assertThat(messages).anyMatch(m -> m.startsWith("GET /api/spotify/status 200"));
    assertThat(messages).noneMatch(m -> m.contains("user_id=json"));
  }

  @Test
  void refusesToListenOnAllInterfacesWithoutAnApiToken() throws Exception {
    assertRefusesToStart(
        Map.of("ASTA_HTTP_HOST", "0.0.0.0"), "ASTA_API_TOKEN", "ASTA_HTTP_HOST=127.0.0.1");
  }

  @Test
  void refusesRedisWithoutAnEncryptionKeyAndSaysHowToMakeOne() throws Exception {
    assertRefusesToStart(
        Map.of("ASTA_REDIS_URL", "redis://127.0.0.1:1"),
        "ASTA_ENCRYPTION_KEY",
        "openssl rand -base64 32");
  }

  /** The process exits non-zero, and its message names the fix. */
  private static void assertRefusesToStart(Map<String, String> env, String... fix)
      throws Exception {
    Path dir = Files.createTempDirectory("asta-process");
    Map<String, String> all = new java.util.HashMap<>(env);
    all.put("ASTA_HTTP_PORT", Integer.toString(TestRedis.freePort()));
    Process p = launch(dir, all);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(read(dir.resolve("out.log"))).contains(fix);
  }

  private static Process launch(Path dir, Map<String, String> env) throws IOException {
    assertThat(JAR).as("the packaged jar (mvn package)").exists();
    ProcessBuilder pb =
        new ProcessBuilder("java", "-jar", JAR.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile());
    // Only what the test sets: no inherited ASTA_ or SPOTIFY_ variable may change the outcome.
    pb.environment().keySet().removeIf(k -> k.startsWith("ASTA_") || k.startsWith("SPOTIFY_"));
    pb.environment().putAll(env);
    return pb.start();
  }

  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return "";
    }
  }

  static void await(Duration limit, java.util.function.BooleanSupplier condition) {
    Instant end = Instant.now().plus(limit);
    while (Instant.now().isBefore(end)) {
      if (condition.getAsBoolean()) {
        return;
      }
      ReadinessIT.sleep(100);
    }
    throw new AssertionError("Condition not met within " + limit);
  }
}
