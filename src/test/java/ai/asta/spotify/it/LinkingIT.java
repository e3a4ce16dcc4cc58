package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.sandbox.SimDevice;
import ai.asta.spotify.sandbox.SimUser;
import ai.asta.spotify.sandbox.SpotifySimulator;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.SpotifyContract;
import ai.asta.spotify.support.TestRedis;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Linking and keeping credentials fresh, against the simulator and a real Redis, with two service
 * instances (two Vert.x) sharing that Redis: A and B.
 */
class LinkingIT {
  static final String CLIENT = "link-client";
  static final String SECRET = "link-secret-value-0123456789";
  static final String PUBLIC_CLIENT = "link-public-client";
  static final String SVC = "svc-token-0123456789abcdef";
  static final String ALICE = "alice-token-0123456789abcdef";
  static final String BOB = "bob-token-0123456789abcdef";

  static Vertx vertxA;
  static Vertx vertxB;
  static Vertx vertxPkce;
  static Vertx vertxOther;
  static SpotifySimulator sim;
  static SpotifyContract contract;
  static Service a;
  static Service b;
  static Service pkce;

  @BeforeAll
  static void start() {
    // One Vert.x per instance: instances sharing a Vert.x would share its event bus.
    vertxA = Vertx.vertx();
    vertxB = Vertx.vertx();
    vertxPkce = Vertx.vertx();
    vertxOther = Vertx.vertx();
    sim = TestService.simulator(vertxA);
    contract = SpotifyContract.watch(vertxA, sim);
    String redis = TestRedis.shared().url();
    String tokens = SVC + "=*," + ALICE + "=alice," + BOB + "=bob";
    JsonObject configA =
        TestService.config(sim, redis)
            .put("SPOTIFY_CLIENT_ID", CLIENT)
            .put("SPOTIFY_CLIENT_SECRET", SECRET)
            .put("ASTA_API_TOKENS", tokens);
    JsonObject configB =
        TestService.config(sim, redis)
            .put("SPOTIFY_CLIENT_ID", CLIENT)
            .put("SPOTIFY_CLIENT_SECRET", SECRET)
            .put("ASTA_API_TOKENS", tokens);
    // Both instances share one public URL, as they would behind a load balancer.
    configB.put("ASTA_BASE_URL", configA.getString("ASTA_BASE_URL"));
    JsonObject configPkce =
        TestService.config(sim, redis)
            .put("SPOTIFY_CLIENT_ID", PUBLIC_CLIENT)
            .put("ASTA_API_TOKENS", tokens);
    sim.state()
        .registerApp(
            CLIENT, SECRET, "Asta", configA.getString("ASTA_BASE_URL") + "/api/spotify/callback");
    sim.state()
        .registerApp(
            PUBLIC_CLIENT,
            "unused-secret",
            "Asta (PKCE)",
            configPkce.getString("ASTA_BASE_URL") + "/api/spotify/callback");
    a = TestService.start(vertxA, configA);
    b = TestService.start(vertxB, configB);
    pkce = TestService.start(vertxPkce, configPkce);
  }

  @AfterAll
  static void stop() {
    contract.assertClean();
    TestService.await(vertxOther.close());
    TestService.await(vertxPkce.close());
    TestService.await(vertxB.close());
    TestService.await(vertxA.close());
  }

  static String simUser(String name) {
    String id = name + "-" + System.nanoTime();
    sim.state()
        .addUser(
            new SimUser(id, "Display " + name)
                .device(new SimDevice("d-" + id, "Desk", "Computer").active(true)));
    return id;
  }

  static String link(Service via, String asUser, String simUser) {
    return LinkDriver.link(via.url(), SVC, asUser, simUser);
  }

  static JsonObject status(Service via, String user) {
    return Http.get(via.url() + "/api/spotify/status?user_id=" + user, SVC).json();
  }

  static Http.Reply devices(Service via, String user) {
    return Http.get(via.url() + "/api/spotify/devices?user_id=" + user, SVC);
  }

  @Test
  void theFullFlowThenDisconnect() {
    String spotify = simUser("flow");
    String landed = link(a, "flow-user", spotify);
    assertThat(landed).isEqualTo(a.config().settingsPageUrl() + "?spotify=connected");

    JsonObject connected = status(a, "flow-user");
    assertThat(connected.getBoolean("connected")).isTrue();
    assertThat(connected.getString("display_name")).isEqualTo("Display flow");
    assertThat(status(b, "flow-user").getBoolean("connected")).isTrue();

    Http.Reply disconnect =
        Http.post(b.url() + "/api/spotify/disconnect?user_id=flow-user", SVC, "");
    assertThat(disconnect.json()).isEqualTo(new JsonObject().put("disconnected", true));
    // Every instance sees it at once: the state is only in Redis.
    assertThat(status(a, "flow-user"))
        .isEqualTo(new JsonObject().put("connected", false).put("reason", "not_linked"));
    assertThat(devices(a, "flow-user").status()).isEqualTo(401);
  }

  @Test
  void aFlowStartedOnOneInstanceCompletesOnTheOther() {
    String spotify = simUser("cross");
    String authorize =
        Http.get(a.url() + "/api/spotify/connect?user_id=cross-user", SVC).json().getString("url");
    String callback = LinkDriver.decide(authorize, spotify, true);
    // The callback names A's public URL; deliver it to B instead, as a load balancer might.
    URI cb = URI.create(callback);
    String landed = LinkDriver.followCallback(b.url() + cb.getRawPath() + "?" + cb.getRawQuery());
    assertThat(landed).endsWith("?spotify=connected");
    assertThat(status(a, "cross-user").getBoolean("connected")).isTrue();
  }

  @Test
  void forgedReplayedAndExpiredStatesStoreNothing() {
    String spotify = simUser("state");
    // Forged: a state this service never issued.
    String forged =
        LinkDriver.followCallback(
            a.url() + "/api/spotify/callback?code=anything&state=forged-state-value");
    assertThat(forged).startsWith(a.config().settingsPageUrl() + "?spotify=error&msg=");
    assertThat(status(a, "state-user").getBoolean("connected")).isFalse();

    // Replayed: the same callback twice; the second finds its state consumed.
    String authorize =
        Http.get(a.url() + "/api/spotify/connect?user_id=state-user", SVC).json().getString("url");
    String callback = LinkDriver.decide(authorize, spotify, true);
    assertThat(LinkDriver.followCallback(callback)).endsWith("?spotify=connected");
    Http.post(a.url() + "/api/spotify/disconnect?user_id=state-user", SVC, "");
    String replayed = LinkDriver.followCallback(callback);
    assertThat(replayed).contains("spotify=error").contains("already+used");
    assertThat(status(a, "state-user").getBoolean("connected")).isFalse();

    // Expired: a state past its TTL.
    JsonObject shortLived =
        TestService.config(sim, TestRedis.shared().url())
            .put("SPOTIFY_CLIENT_ID", CLIENT)
            .put("SPOTIFY_CLIENT_SECRET", SECRET)
            .put("ASTA_STATE_TTL_SECONDS", 1)
            .put("ASTA_API_TOKENS", SVC + "=*");
    sim.state()
        .registerApp(
            CLIENT,
            SECRET,
            "Asta",
            a.config().redirectUri(),
            shortLived.getString("ASTA_BASE_URL") + "/api/spotify/callback");
    Vertx own = Vertx.vertx();
    Service expiring = TestService.start(own, shortLived);
    String late =
        Http.get(expiring.url() + "/api/spotify/connect?user_id=late-user", SVC)
            .json()
            .getString("url");
    String lateCallback = LinkDriver.decide(late, spotify, true);
    ReadinessIT.sleep(1500);
    assertThat(LinkDriver.followCallback(lateCallback))
        .contains("spotify=error")
        .contains("expired");
    assertThat(
            Http.get(expiring.url() + "/api/spotify/status?user_id=late-user", SVC)
                .json()
                .getBoolean("connected"))
        .isFalse();

    // Denied consent and a callback carrying both code and error: nothing stored.
    String denied =
        Http.get(a.url() + "/api/spotify/connect?user_id=denied-user", SVC).json().getString("url");
    assertThat(LinkDriver.consent(denied, spotify, false))
        .endsWith("?spotify=error&msg=access_denied");
    String both =
        Http.get(a.url() + "/api/spotify/connect?user_id=both-user", SVC).json().getString("url");
    String withCode = LinkDriver.decide(both, spotify, true);
    assertThat(LinkDriver.followCallback(withCode + "&error=access_denied"))
        .contains("spotify=error");
    assertThat(status(a, "both-user").getBoolean("connected")).isFalse();
  }

  @Test
  void refreshStormAcrossTwoInstancesRefreshesOnce() throws Exception {
    String spotify = simUser("storm");
    sim.state().setAccessTokenLifetime(1500);
    try {
      link(a, "storm-user", spotify);
    } finally {
      sim.state().setAccessTokenLifetime(3_600_000);
    }
    ReadinessIT.sleep(1700); // the stored access token has now expired
    long before = sim.state().count("grant:refresh_token");

    HttpClient client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Service via = i % 2 == 0 ? a : b;
      calls.add(
          client.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(via.url() + "/api/spotify/devices?user_id=storm-user"))
                  .header("Authorization", "Bearer " + SVC)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    long ok = calls.stream().filter(c -> c.join().statusCode() == 200).count();
    assertThat(ok)
        .as(
            "first failure: %s",
            calls.stream()
                .map(CompletableFuture::join)
                .filter(r -> r.statusCode() != 200)
                .map(HttpResponse::body)
                .findFirst()
                .orElse("none"))
        .isEqualTo(500);
    assertThat(sim.state().count("grant:refresh_token") - before).isEqualTo(1);
  }

  @Test
  void confidentialRefreshKeepsTheRefreshTokenOverThreeRefreshes() {
    threeRefreshes(a, simUser("confidential"), "conf-user");
  }

  @Test
  void pkceLinksWithoutASecretAndFollowsRotationOverThreeRefreshes() {
    String spotify = simUser("pkce");
    String authorize =
        Http.get(pkce.url() + "/api/spotify/connect?user_id=pkce-user", SVC)
            .json()
            .getString("url");
    assertThat(LinkDriver.query(URI.create(authorize).getRawQuery()))
        .containsEntry("code_challenge_method", "S256")
        .containsKey("code_challenge");
    threeRefreshes(pkce, spotify, "pkce-user");
  }

  private void threeRefreshes(Service via, String spotify, String user) {
    link(via, user, spotify);
    long before = sim.state().count("grant:refresh_token");
    for (int i = 1; i <= 3; i++) {
      sim.state().expireAccessTokens(spotify);
      Http.Reply reply = devices(via, user);
      assertThat(reply.status()).as("after refresh %d: %s", i, reply).isEqualTo(200);
      assertThat(sim.state().count("grant:refresh_token") - before).isEqualTo(i);
    }
  }

  @Test
  void aRevokedRefreshTokenFlipsStatusToRevokedOnFirstUse() {
    String spotify = simUser("revoked");
    link(a, "revoked-user", spotify);
    sim.state().revokeRefreshTokens(spotify);
    sim.state().expireAccessTokens(spotify);
    Http.Reply reply = devices(b, "revoked-user");
    assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
    assertThat(reply.json().getString("reason")).isEqualTo("revoked");
    assertThat(reply.json().getString("error")).contains("Reconnect");
    assertThat(status(a, "revoked-user"))
        .isEqualTo(new JsonObject().put("connected", false).put("reason", "revoked"));
    // Linking again clears it.
    link(a, "revoked-user", spotify);
    assertThat(status(a, "revoked-user").getBoolean("connected")).isTrue();
  }

  @Test
  void transientTokenEndpointFailuresKeepTheLink() {
    String spotify = simUser("transient");
    link(a, "transient-user", spotify);
    sim.state().expireAccessTokens(spotify);
    sim.state().inject("POST /api/token", ai.asta.spotify.sandbox.Fault.status(503), 1);
    Http.Reply reply = devices(a, "transient-user");
    assertThat(reply.status()).isEqualTo(503);
    assertThat(reply.json().getString("error")).contains("kept");
    assertThat(status(a, "transient-user").getBoolean("connected")).isTrue();
    assertThat(devices(a, "transient-user").status()).isEqualTo(200);
  }

  @Test
  void twoUsersCannotSeeOrChangeEachOthersLink() {
    String spotify = simUser("alice");
    Http.Reply connect = Http.get(a.url() + "/api/spotify/connect", ALICE);
    assertThat(LinkDriver.consent(connect.json().getString("url"), spotify, true))
        .endsWith("?spotify=connected");

    assertThat(Http.get(a.url() + "/api/spotify/status", ALICE).json().getBoolean("connected"))
        .isTrue();
    assertThat(Http.get(a.url() + "/api/spotify/status", BOB).json().getBoolean("connected"))
        .isFalse();
    assertThat(Http.get(a.url() + "/api/spotify/status?user_id=alice", BOB).status())
        .isEqualTo(403);
    assertThat(Http.get(a.url() + "/api/spotify/devices?user_id=alice", BOB).status())
        .isEqualTo(403);
    assertThat(Http.post(a.url() + "/api/spotify/disconnect?user_id=alice", BOB, "").status())
        .isEqualTo(403);
    assertThat(Http.post(a.url() + "/api/spotify/disconnect", BOB, "").status()).isEqualTo(200);
    assertThat(Http.get(a.url() + "/api/spotify/status", ALICE).json().getBoolean("connected"))
        .isTrue();
    assertThat(Http.get(a.url() + "/api/spotify/devices", ALICE).status()).isEqualTo(200);

    assertThat(Http.get(a.url() + "/api/spotify/status").status()).isEqualTo(401);
    assertThat(Http.get(a.url() + "/api/spotify/status", "wrong-token").status()).isEqualTo(401);
    assertThat(Http.get(a.url() + "/api/spotify/status", SVC).status()).isEqualTo(400);
  }

  @Test
  void setupGivesASingleUseConnectTicketNeverTheApiToken() {
    JsonObject setup = Http.get(a.url() + "/api/spotify/setup", ALICE).json();
    assertThat(setup.getString("redirect_uri")).isEqualTo(a.config().redirectUri());
    assertThat(setup.getString("dashboard_url"))
        .isEqualTo("https://developer.spotify.com/dashboard");
    assertThat(setup.getString("docs_url"))
        .isEqualTo("https://developer.spotify.com/documentation/web-api");
    assertThat(setup.getJsonArray("steps")).hasSize(4);
    String connectUrl = setup.getString("connect_url");
    assertThat(connectUrl)
        .startsWith(a.config().baseUrl() + "/api/spotify/connect?ticket=")
        .doesNotContain(ALICE);

    // A browser opens it with no bearer token and reaches the consent page, as alice.
    String local =
        a.url() + URI.create(connectUrl).getRawPath() + "?" + URI.create(connectUrl).getRawQuery();
    Http.Reply opened = Http.getHtml(local);
    assertThat(opened.status()).isEqualTo(302);
    assertThat(LinkDriver.consent(opened.header("Location"), simUser("ticket"), true))
        .endsWith("?spotify=connected");
    assertThat(Http.get(a.url() + "/api/spotify/status", ALICE).json().getBoolean("connected"))
        .isTrue();
    // Single use.
    assertThat(Http.getHtml(local).status()).isEqualTo(401);
  }

  @Test
  void nothingSecretIsStoredOrLoggedInPlainText() throws Exception {
    String spotify = simUser("secret");
    link(a, "secret-user", spotify);
    sim.state().expireAccessTokens(spotify);
    assertThat(devices(b, "secret-user").toString()).startsWith("200");
    Set<String> secrets = new java.util.HashSet<>(sim.state().tokensOf(spotify));
    secrets.add(SECRET);
    assertThat(secrets).hasSizeGreaterThanOrEqualTo(4);

    StringBuilder dump = new StringBuilder();
    Redis client = Redis.createClient(vertxA, TestRedis.shared().url());
    RedisAPI redis = RedisAPI.api(client);
    Response keys = TestService.await(redis.keys("asta:spotify:*"));
    assertThat(keys.size()).isGreaterThan(0);
    for (Response key : keys) {
      dump.append(key)
          .append('=')
          .append(TestService.await(redis.get(key.toString())))
          .append('\n');
    }
    client.close();
    String log = Files.readString(Path.of("target/test-logs/tests.log"));
    for (String secret : secrets) {
      assertThat(dump.toString()).doesNotContain(secret);
      assertThat(log).doesNotContain(secret);
    }
  }

  @Test
  void noClientIdMeansA409ThatSaysWhatToDo() {
    Service bare =
        TestService.start(
            vertxOther,
            TestService.config(sim, TestRedis.shared().url()).put("ASTA_API_TOKENS", SVC + "=*"));
    // Another test may have saved app credentials in the shared Redis; this one must see none.
    Http.put(
        bare.url() + "/api/spotify/app?user_id=x",
        SVC,
        "{\"client_id\":\"\",\"client_secret\":\"\"}");
    Http.Reply reply = Http.get(bare.url() + "/api/spotify/connect?user_id=nobody", SVC);
    assertThat(reply.status()).as(reply.toString()).isEqualTo(409);
    assertThat(reply.json().getString("error")).contains("Client ID").contains("/api/spotify/app");
  }

  @Test
  void appCredentialsAreSetReportedTestedAndCleared() throws Exception {
    JsonObject embedded = TestService.config(sim, null).put("ASTA_API_TOKENS", SVC + "=*");
    Vertx vertx = Vertx.vertx();
    Service own = TestService.start(vertx, embedded);
    String app = own.url() + "/api/spotify/app?user_id=admin";
    assertThat(Http.get(app, SVC).json())
        .isEqualTo(
            new JsonObject()
                .put("client_id_set", false)
                .put("client_secret_set", false)
                .put("source", "none"));
    JsonObject saved =
        Http.put(app, SVC, "{\"client_id\":\"" + CLIENT + "\",\"client_secret\":\"wrong\"}").json();
    assertThat(saved)
        .isEqualTo(
            new JsonObject()
                .put("client_id_set", true)
                .put("client_secret_set", true)
                .put("source", "api"));
    assertThat(saved.encode()).doesNotContain("wrong");
    String file = Files.readString(own.config().dataDir().resolve("store.json"));
    assertThat(file).contains("asta:spotify:app").doesNotContain("\"wrong\"");
    JsonObject bad = Http.post(own.url() + "/api/spotify/app/test?user_id=admin", SVC, "").json();
    assertThat(bad.getString("verdict")).isEqualTo("invalid");
    Http.put(app, SVC, "{\"client_secret\":\"" + SECRET + "\"}");
    assertThat(Files.readString(own.config().dataDir().resolve("store.json")))
        .doesNotContain(SECRET);
    assertThat(
            Http.post(own.url() + "/api/spotify/app/test?user_id=admin", SVC, "")
                .json()
                .getString("verdict"))
        .isEqualTo("valid");
    assertThat(
            Http.put(app, SVC, "{\"client_secret\":\"\"}").json().getBoolean("client_secret_set"))
        .isFalse();
    assertThat(
            Http.post(own.url() + "/api/spotify/app/test?user_id=admin", SVC, "")
                .json()
                .getString("verdict"))
        .isEqualTo("unchecked");
    assertThat(Http.put(app, SVC, "{\"client_id\":42}").status()).isEqualTo(400);
    assertThat(Http.put(app, SVC, "not json").status()).isEqualTo(400);
    TestService.await(vertx.close());
  }
}
