package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.TestRedis;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis goes away under a running service and comes back: 503s, then recovery, no restart. */
class ReadinessIT {
  static Vertx vertx;
  static TestRedis redis;
  static Service service;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    redis = TestRedis.owned();
    service =
        TestService.start(
            vertx,
            TestService.config(TestService.simulator(vertx), redis.url())
                .put("ASTA_STORE_TIMEOUT_MS", 1000));
  }

  @AfterAll
  static void stop() {
    TestService.await(vertx.close());
    redis.close();
  }

  @Test
  void readyFollowsRedisAndApiCallsFailFastWith503() {
    assertThat(Http.get(service.url() + "/health").status()).isEqualTo(200);
    assertThat(Http.get(service.url() + "/ready").status()).isEqualTo(200);

    redis.stop();
    Duration down =
        within(Duration.ofSeconds(5), () -> Http.get(service.url() + "/ready").status() == 503);
    Http.Reply ready = Http.get(service.url() + "/ready");
    assertThat(ready.json().getString("status")).isEqualTo("not_ready");
    assertThat(ready.json().getString("error")).contains("redis");

    Instant before = Instant.now();
    Http.Reply status = Http.get(service.url() + "/api/spotify/status");
    assertThat(status.status()).isEqualTo(503);
    assertThat(status.json().getString("error")).contains("unavailable");
    assertThat(Duration.between(before, Instant.now())).isLessThan(Duration.ofSeconds(5));
    // The process is alive all along.
    assertThat(Http.get(service.url() + "/health").status()).isEqualTo(200);

    redis.start();
    Duration up =
        within(Duration.ofSeconds(5), () -> Http.get(service.url() + "/ready").status() == 200);
    assertThat(Http.get(service.url() + "/api/spotify/status").status()).isEqualTo(200);
    System.out.printf(
        "readiness: 503 after %d ms, 200 again after %d ms%n", down.toMillis(), up.toMillis());
  }

  private static Duration within(Duration limit, Supplier<Boolean> condition) {
    Instant start = Instant.now();
    while (Duration.between(start, Instant.now()).compareTo(limit) < 0) {
      if (condition.get()) {
        return Duration.between(start, Instant.now());
      }
      sleep(100);
    }
    throw new AssertionError("Condition not met within " + limit);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
