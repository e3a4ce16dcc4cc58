package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.TestRedis;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
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
  void refusesToListenOnAllInterfacesWithoutAnApiToken() throws Exception {
    Path dir = Files.createTempDirectory("asta-process");
    Process p =
        launch(
            dir,
            Map.of(
                "ASTA_HTTP_HOST",
                "0.0.0.0",
                "ASTA_HTTP_PORT",
                Integer.toString(TestRedis.freePort())));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(read(dir.resolve("out.log")))
        .contains("ASTA_API_TOKEN")
        .contains("ASTA_HTTP_HOST=127.0.0.1");
  }

  @Test
  void refusesRedisWithoutAnEncryptionKeyAndSaysHowToMakeOne() throws Exception {
    Path dir = Files.createTempDirectory("asta-process");
    Process p =
        launch(
            dir,
            Map.of(
                "ASTA_REDIS_URL",
                "redis://127.0.0.1:1",
                "ASTA_HTTP_PORT",
                Integer.toString(TestRedis.freePort())));
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isNotZero();
    assertThat(read(dir.resolve("out.log")))
        .contains("ASTA_ENCRYPTION_KEY")
        .contains("openssl rand -base64 32");
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
