package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.sandbox.Fault;
import ai.asta.spotify.sandbox.SimDevice;
import ai.asta.spotify.sandbox.SimUser;
import ai.asta.spotify.sandbox.SpotifySimulator;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.TestRedis;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What an operator sees: metrics that move with a flow, and logs and labels with no secret. */
class ObservabilityIT {
  static final String CLIENT = "obs-client";
  static final String SECRET = "obs-client-secret-0123456789";
  static final String TOKEN = "obs-api-token-0123456789abcdef";

  static Vertx vertx;
  static SpotifySimulator sim;
  static Service service;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sim = TestService.simulator(vertx);
    JsonObject config =
        TestService.configWithApp(sim, TestRedis.shared().url(), CLIENT, SECRET)
            .put("ASTA_API_TOKENS", TOKEN + "=*");
    Vertx own = Vertx.vertx();
    service = TestService.start(own, config);
  }

  @AfterAll
  static void stop() {
    TestService.await(service.vertx().close());
    TestService.await(vertx.close());
  }

  @Test
  void aWholeFlowMovesTheMetricsAndLeaksNoSecret() throws Exception {
    String spotify = "obs-" + System.nanoTime();
    sim.state()
        .addUser(
            new SimUser(spotify, "Observer")
                .device(new SimDevice("obs-dev", "Desk", "Computer").active(true)));
    String api = service.url() + "/api/spotify";

    // Link, remembering the one-time values that crossed the wire.
    String authorize = Http.get(api + "/connect?user_id=obs-user", TOKEN).json().getString("url");
    String state = LinkDriver.query(URI.create(authorize).getRawQuery()).get("state");
    String callback = LinkDriver.decide(authorize, spotify, true);
    String code = LinkDriver.query(URI.create(callback).getRawQuery()).get("code");
    assertThat(LinkDriver.followCallback(callback)).endsWith("?spotify=connected");

    // Play, a refresh, a 429 from Spotify.
    assertThat(
            Http.post(
                    api + "/play?user_id=obs-user",
                    TOKEN,
                    "{\"track_uri\":\"spotify:track:4cOdK2wGLETKBW3PvgPWqT\"}")
                .json()
                .getBoolean("ok"))
        .isTrue();
    sim.state().expireAccessTokens(spotify);
    assertThat(Http.get(api + "/devices?user_id=obs-user", TOKEN).status()).isEqualTo(200);
    sim.state().inject("GET /v1/me/player/devices", Fault.rateLimited("1"), 1);
    assertThat(Http.get(api + "/devices?user_id=obs-user", TOKEN).status()).isEqualTo(429);
    ReadinessIT.sleep(1100);

    String metrics = Http.get(service.url() + "/metrics").text();
    assertThat(
            count(
                metrics,
                "asta_http_server_requests_seconds_count",
                Map.of("route", "/api/spotify/play", "status", "200")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            count(
                metrics,
                "asta_http_server_requests_seconds_count",
                Map.of("route", "/api/spotify/callback", "status", "302")))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics).contains("asta_http_server_requests_seconds_bucket");
    // The store cache in front of Redis: the repeated reads above were served from memory.
    assertThat(count(metrics, "cache_gets_total", Map.of("cache", "store", "result", "hit")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            count(
                metrics,
                "asta_spotify_requests_seconds_count",
                Map.of("endpoint", "PUT /me/player/play", "status", "204")))
        .isGreaterThanOrEqualTo(1);
    assertThat(
            count(
                metrics,
                "asta_spotify_requests_seconds_count",
                Map.of("endpoint", "POST /api/token", "status", "200")))
        .isGreaterThanOrEqualTo(2);
    assertThat(count(metrics, "asta_token_refreshes_total", Map.of("outcome", "ok")))
        .isGreaterThanOrEqualTo(1);
    assertThat(count(metrics, "asta_rate_limit_waits_total", Map.of("source", "spotify")))
        .isGreaterThanOrEqualTo(1);
    assertThat(count(metrics, "asta_links_total", Map.of("event", "linked")))
        .isGreaterThanOrEqualTo(1);
    assertThat(metrics).contains("jvm_memory_used_bytes");
    Matcher linked =
        Pattern.compile("^asta_linked_users (\\S+)$", Pattern.MULTILINE).matcher(metrics);
    assertThat(linked.find()).isTrue();
    assertThat(Double.parseDouble(linked.group(1))).isGreaterThanOrEqualTo(1);

    // No label carries a user, a token or a query; no secret anywhere in metrics or logs.
    List<String> secrets = new ArrayList<>(sim.state().tokensOf(spotify));
    secrets.addAll(List.of(SECRET, TOKEN, state, code));
    String log = Files.readString(Path.of("target/test-logs/tests.log"));
    for (String secret : secrets) {
      assertThat(metrics).doesNotContain(secret);
      assertThat(log).as("the test log").doesNotContain(secret);
    }
    assertThat(metrics).doesNotContain("obs-user").doesNotContain("?").doesNotContain(spotify);
  }

  /** The value of a Prometheus sample whose labels include {@code labels}. */
  static double count(String scrape, String name, Map<String, String> labels) {
    Matcher m =
        Pattern.compile("^" + name + "\\{([^}]*)\\} (\\S+)$", Pattern.MULTILINE).matcher(scrape);
    double total = 0;
    while (m.find()) {
      String found = m.group(1);
      if (labels.entrySet().stream()
          .allMatch(e -> found.contains(e.getKey() + "=\"" + e.getValue() + "\""))) {
        total += Double.parseDouble(m.group(2));
      }
    }
    return total;
  }
}
