package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.bus.BusContract;
import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.bus.ClusteredVertx;
import ai.asta.spotify.bus.SpotifyBusClient;
import ai.asta.spotify.sandbox.SimDevice;
import ai.asta.spotify.sandbox.SimUser;
import ai.asta.spotify.sandbox.SpotifySimulator;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.TestRedis;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The scaled-out topology as separate OS processes: two service instances with a clustered event
 * bus, one Redis, the simulator; and this test JVM as a third member that only joins the cluster.
 */
class ClusterIT {
  static final String CLIENT = "cluster-client";
  static final String SECRET = "cluster-secret-0123456789";
  static final String SVC = "cluster-svc-token-0123456789";

  static Vertx local;
  static SpotifySimulator sim;
  static Instance a;
  static Instance b;
  static Vertx member;

  record Instance(Process process, String url, Path log) {}

  @BeforeAll
  static void start() throws Exception {
    local = Vertx.vertx();
    sim = TestService.simulator(local);
    int portA = TestRedis.freePort();
    int portB = TestRedis.freePort();
    int hzA = TestRedis.freePort();
    int hzB = TestRedis.freePort();
    String members = "127.0.0.1:" + hzA + ",127.0.0.1:" + hzB;
    String base = "http://127.0.0.1:" + portA;
    sim.state().registerApp(CLIENT, SECRET, "Asta", base + "/api/spotify/callback");
    a = launch(portA, hzA, members, base);
    b = launch(portB, hzB, members, base);
    awaitReady(a);
    awaitReady(b);
    member =
        ClusteredVertx.start(
                "127.0.0.1",
                TestRedis.freePort(),
                "",
                List.of(members.split(",")),
                0,
                new VertxOptions())
            .await(120, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    if (member != null) {
      member.close().await(30, TimeUnit.SECONDS);
    }
    for (Instance i : new Instance[] {a, b}) {
      if (i != null) {
        i.process().destroy();
        assertThat(i.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(i.process().exitValue()).as(ProcessIT.read(i.log())).isZero();
      }
    }
    TestService.await(local.close());
  }

  static Instance launch(int port, int hazelcastPort, String members, String baseUrl)
      throws IOException {
    Path dir = Files.createTempDirectory("asta-cluster");
    Map<String, String> env = new HashMap<>();
    env.put("ASTA_HTTP_PORT", Integer.toString(port));
    env.put("ASTA_BASE_URL", baseUrl);
    env.put("ASTA_REDIS_URL", TestRedis.shared().url());
    env.put("ASTA_ENCRYPTION_KEY", TestService.KEY);
    env.put("ASTA_API_TOKENS", SVC + "=*");
    env.put("ASTA_REFRESH_MARGIN_SECONDS", "0");
    env.put("SPOTIFY_CLIENT_ID", CLIENT);
    env.put("SPOTIFY_CLIENT_SECRET", SECRET);
    env.put("SPOTIFY_ACCOUNTS_URL", sim.accountsUrl());
    env.put("SPOTIFY_API_URL", sim.apiUrl());
    env.put("ASTA_CLUSTER", "true");
    env.put("ASTA_CLUSTER_PORT", Integer.toString(hazelcastPort));
    env.put("ASTA_CLUSTER_MEMBERS", members);
    ProcessBuilder pb =
        new ProcessBuilder("java", "-Xmx256m", "-jar", ProcessIT.JAR.toString())
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("out.log").toFile());
    pb.environment().keySet().removeIf(k -> k.startsWith("ASTA_") || k.startsWith("SPOTIFY_"));
    pb.environment().putAll(env);
    return new Instance(pb.start(), "http://127.0.0.1:" + port, dir.resolve("out.log"));
  }

  static void awaitReady(Instance i) {
    ProcessIT.await(
        Duration.ofSeconds(90),
        () -> ProcessIT.read(i.log()).contains("ready at") || !i.process().isAlive());
    assertThat(ProcessIT.read(i.log())).contains("clustered event bus");
  }

  static String simUser(String name) {
    String id = name + "-" + System.nanoTime();
    sim.state()
        .addUser(
            new SimUser(id, "Member " + name)
                .device(new SimDevice("dev-" + id, "Desk", "Computer").active(true)));
    return id;
  }

  @Test
  void connectOnOneProcessCallbackOnTheOther() {
    String spotify = simUser("cross");
    String authorize =
        Http.get(a.url() + "/api/spotify/connect?user_id=cross-user", SVC).json().getString("url");
    URI callback = URI.create(LinkDriver.decide(authorize, spotify, true));
    String landed =
        LinkDriver.followCallback(b.url() + callback.getRawPath() + "?" + callback.getRawQuery());
    assertThat(landed).endsWith("?spotify=connected");
    assertThat(
            Http.get(a.url() + "/api/spotify/status?user_id=cross-user", SVC)
                .json()
                .getBoolean("connected"))
        .isTrue();
  }

  @Test
  void aThousandRequestsOverTwoProcessesRefreshOnce() {
    String spotify = simUser("storm");
    sim.state().setAccessTokenLifetime(1500);
    try {
      LinkDriver.link(a.url(), SVC, "storm-user", spotify);
    } finally {
      sim.state().setAccessTokenLifetime(3_600_000);
    }
    ReadinessIT.sleep(1700);
    long before = sim.state().count("grant:refresh_token");
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      String url = (i % 2 == 0 ? a : b).url();
      calls.add(
          client.sendAsync(
              HttpRequest.newBuilder(URI.create(url + "/api/spotify/devices?user_id=storm-user"))
                  .header("Authorization", "Bearer " + SVC)
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
    assertThat(calls.stream().filter(c -> c.join().statusCode() == 200).count()).isEqualTo(1000);
    assertThat(sim.state().count("grant:refresh_token") - before).isEqualTo(1);
  }

  @Test
  void aThirdJvmOnTheClusterPlaysAndListsDevicesOverTheBus() throws Exception {
    String spotify = simUser("bus");
    LinkDriver.link(b.url(), SVC, "bus-user", spotify);
    SpotifyBusClient client = new SpotifyBusClient(member);

    JsonObject devices = client.devices("bus-user").await(30, TimeUnit.SECONDS);
    assertThat(devices.getBoolean("connected")).isTrue();
    assertThat(devices.getJsonArray("devices").getJsonObject(0).getString("id"))
        .isEqualTo("dev-" + spotify);

    JsonObject played =
        client
            .play("bus-user", "spotify:track:0VjIjW4GlUZAMYd2vXMi3b", null)
            .await(30, TimeUnit.SECONDS);
    assertThat(played.getBoolean("ok")).isTrue();
    assertThat(sim.state().currentlyPlaying(spotify))
        .isEqualTo("spotify:track:0VjIjW4GlUZAMYd2vXMi3b");
    assertThat(client.status("never-linked").await(30, TimeUnit.SECONDS).getString("reason"))
        .isEqualTo("not_linked");

    try {
      client
          .play("never-linked", "spotify:track:0VjIjW4GlUZAMYd2vXMi3b", null)
          .await(30, TimeUnit.SECONDS);
      throw new AssertionError("expected not_linked");
    } catch (BusError e) {
      assertThat(e.status()).isEqualTo(401);
      assertThat(e.reason()).isEqualTo("not_linked");
    }

    // Addresses that carry secrets are local to each instance: not reachable across the cluster.
    try {
      member
          .eventBus()
          .request(BusContract.ACCESS_TOKEN, new JsonObject().put("user", "bus-user"))
          .await(10, TimeUnit.SECONDS);
      throw new AssertionError("an access token crossed the cluster");
    } catch (ReplyException e) {
      assertThat(e.failureType()).isEqualTo(io.vertx.core.eventbus.ReplyFailure.NO_HANDLERS);
    }
  }
}
