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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failures of what the service depends on: Redis dying under load, and Spotify misbehaving. */
class ReliabilityIT {
  static final String CLIENT = "rel-client";
  static final String SECRET = "rel-secret-0123456789";
  static final String SVC = "rel-svc-token-0123456789";
  static final int USERS = 20;

  static Vertx vertx;
  static Vertx serviceVertx;
  static TestRedis redis;
  static SpotifySimulator sim;
  static Service service;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    serviceVertx = Vertx.vertx();
    redis = TestRedis.ownedPersistent();
    sim = TestService.simulator(vertx);
    JsonObject config =
        TestService.configWithApp(sim, redis.url(), CLIENT, SECRET)
            .put("ASTA_API_TOKENS", SVC + "=*")
            .put("ASTA_STORE_TIMEOUT_MS", 1000);
    service = TestService.start(serviceVertx, config);
  }

  @AfterAll
  static void stop() {
    TestService.await(serviceVertx.close());
    TestService.await(vertx.close());
    redis.close();
  }

  static String linkUser(String prefix, int i) {
    String spotify = prefix + "-" + i + "-" + System.nanoTime();
    sim.state()
        .addUser(
            new SimUser(spotify, "User " + i)
                .device(new SimDevice("dev-" + spotify, "Desk", "Computer").active(true)));
    LinkDriver.link(service.url(), SVC, prefix + "-user-" + i, spotify);
    return prefix + "-user-" + i;
  }

  @Test
  void redisKilledAndRestartedUnderLoadLosesNoLink() throws Exception {
    List<String> users = new ArrayList<>();
    for (int i = 0; i < USERS; i++) {
      users.add(linkUser("outage", i));
    }
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
    AtomicBoolean running = new AtomicBoolean(true);
    List<Thread> load = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      int offset = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  poll(users, offset, running, statuses);
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      thread.start();
      load.add(thread);
    }
    ReadinessIT.sleep(700);
    redis.stop();
    ReadinessIT.sleep(1500);
    redis.start();
    ReadinessIT.sleep(1500);
    running.set(false);
    for (Thread thread : load) {
      thread.join(30_000);
    }
    assertThat(failures).as("load threads").isEmpty();
    Map<Integer, Integer> seen = new TreeMap<>();
    statuses.forEach((k, v) -> seen.put(k, v.get()));
    System.out.println("ReliabilityIT outage: statuses " + seen);
    assertThat(seen.keySet()).containsOnly(200, 503);
    assertThat(seen).containsKey(503);

    // Every linked user is still linked, with tokens Spotify accepts.
    for (String user : users) {
      JsonObject status =
          Http.get(service.url() + "/api/spotify/status?user_id=" + user, SVC).json();
      assertThat(status.getBoolean("connected")).as(user).isTrue();
      assertThat(Http.get(service.url() + "/api/spotify/devices?user_id=" + user, SVC).status())
          .as(user)
          .isEqualTo(200);
    }
    assertThat(Http.get(service.url() + "/ready").status()).isEqualTo(200);
  }

  /** Asks status and devices in turn until stopped; every answer is JSON of the right kind. */
  private static void poll(
      List<String> users, int offset, AtomicBoolean running, Map<Integer, AtomicInteger> statuses) {
    int i = offset;
    while (running.get()) {
      String user = users.get(i++ % USERS);
      String route = i % 2 == 0 ? "/status" : "/devices";
      Http.Reply reply = Http.get(service.url() + "/api/spotify" + route + "?user_id=" + user, SVC);
      String expected =
          reply.status() != 200 ? "error" : route.equals("/status") ? "connected" : "devices";
      assertThat(reply.json().containsKey(expected)).as(reply.toString()).isTrue();
      statuses.computeIfAbsent(reply.status(), s -> new AtomicInteger()).incrementAndGet();
    }
  }

  @Test
  void spotifyFailingNeverGives500NorBlocksPastTheBudgetAndRecovers() {
    String user = linkUser("flaky", 0);
    String devices = service.url() + "/api/spotify/devices?user_id=" + user;
    long budgetMs = 2500 + 2000 + 1000; // retry budget + one call timeout + slack

    Map<String, Integer> outcomes = new TreeMap<>();
    record Case(String name, Fault fault, int times) {}
    List<Case> cases =
        List.of(
            new Case("5xx burst", Fault.status(503), 40),
            new Case("500s", Fault.status(500), 40),
            new Case("502s", Fault.status(502), 40),
            new Case("429 with Retry-After", Fault.rateLimited("1"), 1),
            new Case("429 without Retry-After", Fault.rateLimited(null), 1),
            new Case("slow past the timeout", Fault.delay(3000), 40),
            new Case("dropped connections", Fault.drop(), 40));
    for (Case c : cases) {
      sim.state().clearFaults();
      sim.state().inject("GET /v1/me/player/devices", c.fault(), c.times());
      long start = System.currentTimeMillis();
      Http.Reply reply = Http.get(devices, SVC);
      long took = System.currentTimeMillis() - start;
      sim.state().clearFaults();
      outcomes.put(c.name(), reply.status());
      assertThat(reply.status()).as(c.name()).isIn(429, 502, 503, 504);
      assertThat(reply.json().getString("error")).as(c.name()).isNotBlank();
      assertThat(took).as(c.name() + " answered within the budget").isLessThan(budgetMs);
      // Recovery: once Spotify answers again (and any rate-limit window passed), so does the
      // service.
      long until = System.currentTimeMillis() + 7000;
      int status;
      do {
        ReadinessIT.sleep(200);
        status = Http.get(devices, SVC).status();
      } while (status != 200 && System.currentTimeMillis() < until);
      assertThat(status).as(c.name() + " recovered").isEqualTo(200);
    }
    System.out.println("ReliabilityIT Spotify failures: " + outcomes);
  }
}
