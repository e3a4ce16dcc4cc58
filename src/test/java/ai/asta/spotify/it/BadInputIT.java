package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.sandbox.SimDevice;
import ai.asta.spotify.sandbox.SimUser;
import ai.asta.spotify.sandbox.SpotifySimulator;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.TestRedis;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A bad-input campaign over every route: malformed and truncated JSON, wrong types, nulls, huge
 * bodies and headers, hostile URIs and ids, missing, forged and other users' tokens, forged,
 * replayed and mixed callbacks. Every request gets a 4xx with a JSON error (the callback: the
 * redirect with an error), nothing stored changes, and the service keeps serving.
 */
class BadInputIT {
  static final String CLIENT = "bad-client";
  static final String SECRET = "bad-secret-0123456789";
  static final String ALICE = "bad-alice-token-0123456789";
  static final String BOB = "bad-bob-token-0123456789";
  static final String SVC = "bad-svc-token-0123456789";

  static Vertx vertx;
  static Vertx serviceVertx;
  static TestRedis redis;
  static SpotifySimulator sim;
  static Service service;

  record Attempt(
      String name, String method, String path, String token, String contentType, String body) {}

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    serviceVertx = Vertx.vertx();
    redis = TestRedis.owned();
    sim = TestService.simulator(vertx);
    JsonObject config =
        TestService.configWithApp(sim, redis.url(), CLIENT, SECRET)
            .put("ASTA_API_TOKENS", ALICE + "=alice," + BOB + "=bob," + SVC + "=*");
    sim.state()
        .addUser(
            new SimUser("bad-sim-alice", "Alice")
                .device(new SimDevice("dev-a", "Desk", "Computer").active(true)));
    service = TestService.start(serviceVertx, config);
  }

  @AfterAll
  static void stop() {
    TestService.await(serviceVertx.close());
    TestService.await(vertx.close());
    redis.close();
  }

  static List<Attempt> campaign() {
    List<Attempt> all = new ArrayList<>();
    String json = "application/json";
    List<String> commandRoutes =
        List.of("play", "play-search", "pause", "resume", "volume", "transfer");
    List<String> bodies =
        List.of(
            "{\"track_uri\":",
            "{\"track_uri\": \"spotify:track:4cOdK2wGLETKBW3PvgPWqT\"",
            "[1,2,3]",
            "\"just a string\"",
            "null",
            "{\"track_uri\":null,\"query\":null,\"volume_percent\":null,\"device_id\":5}",
            "{\"track_uri\":{},\"query\":[],\"volume_percent\":\"loud\",\"device_id\":{\"x\":1}}",
            "{\"track_uri\":\"../../../../etc/passwd\",\"query\":\""
                + "q".repeat(300)
                + "\",\"volume_percent\":-1,\"device_id\":\"../../etc\"}",
            "{\"track_uri\":\"spotify:track:4cOdK2wGLETKBW3PvgPWqT\\r\\nX-Evil: 1\",\"query\":\"\",\"volume_percent\":101,\"device_id\":\"dev\\u0000id\"}",
            "{\"track_uri\":\"spotify:track:ÅÄÖ4cOdK2wGLETKBW3PvgPWq\",\"volume_percent\":3.5,\"device_id\":\"\u202edevice\"}",
            "{\"track_uri\":\"" + "x".repeat(20_000) + "\"}");
    for (String route : commandRoutes) {
      for (String body : bodies) {
        all.add(
            new Attempt(
                route + " body " + abbreviate(body),
                "POST",
                "/api/spotify/" + route + "?user_id=alice",
                ALICE,
                json,
                body));
      }
      all.add(
          new Attempt(
              route + " form-encoded",
              "POST",
              "/api/spotify/" + route,
              ALICE,
              "application/x-www-form-urlencoded",
              "track_uri=x"));
      all.add(new Attempt(route + " no token", "POST", "/api/spotify/" + route, null, json, "{}"));
      all.add(
          new Attempt(
              route + " forged token",
              "POST",
              "/api/spotify/" + route,
              "forged-token",
              json,
              "{}"));
      all.add(
          new Attempt(
              route + " other user's",
              "POST",
              "/api/spotify/" + route + "?user_id=alice",
              BOB,
              json,
              "{\"track_uri\":\"spotify:track:4cOdK2wGLETKBW3PvgPWqT\",\"query\":\"flowers\",\"volume_percent\":5,\"device_id\":\"dev-a\"}"));
    }
    for (String route : List.of("status", "devices", "setup", "now-playing", "app", "connect")) {
      all.add(new Attempt(route + " no token", "GET", "/api/spotify/" + route, null, null, null));
      all.add(
          new Attempt(
              route + " forged token", "GET", "/api/spotify/" + route, "forged", null, null));
      all.add(
          new Attempt(
              route + " other user",
              "GET",
              "/api/spotify/" + route + "?user_id=alice",
              BOB,
              null,
              null));
      all.add(
          new Attempt(
              route + " traversal user",
              "GET",
              "/api/spotify/" + route + "?user_id=..%2F..%2Fetc",
              SVC,
              null,
              null));
      all.add(
          new Attempt(
              route + " CRLF user",
              "GET",
              "/api/spotify/" + route + "?user_id=a%0d%0aSet-Cookie:x",
              SVC,
              null,
              null));
      all.add(
          new Attempt(
              route + " unicode user",
              "GET",
              "/api/spotify/" + route + "?user_id=%E2%80%AEalice",
              SVC,
              null,
              null));
      all.add(
          new Attempt(
              route + " service token, no user", "GET", "/api/spotify/" + route, SVC, null, null));
      all.add(
          new Attempt(
              route + " huge header",
              "GET",
              "/api/spotify/" + route,
              "t".repeat(20_000),
              null,
              null));
    }
    all.add(
        new Attempt("disconnect no token", "POST", "/api/spotify/disconnect", null, null, null));
    all.add(
        new Attempt(
            "disconnect other user",
            "POST",
            "/api/spotify/disconnect?user_id=alice",
            BOB,
            null,
            null));
    all.add(
        new Attempt(
            "app save wrong types",
            "PUT",
            "/api/spotify/app",
            SVC,
            json,
            "{\"client_id\":42,\"client_secret\":true}"));
    all.add(
        new Attempt(
            "app save too long",
            "PUT",
            "/api/spotify/app",
            SVC,
            json,
            "{\"client_id\":\"" + "c".repeat(300) + "\"}"));
    all.add(new Attempt("app save not json", "PUT", "/api/spotify/app", SVC, json, "client_id=x"));
    all.add(new Attempt("app save empty object", "PUT", "/api/spotify/app", SVC, json, "{}"));
    all.add(
        new Attempt(
            "app save by a user token, no body", "PUT", "/api/spotify/app", ALICE, json, ""));
    all.add(new Attempt("app test no token", "POST", "/api/spotify/app/test", null, null, null));
    all.add(
        new Attempt(
            "connect forged ticket",
            "GET",
            "/api/spotify/connect?ticket=forged",
            null,
            null,
            null));
    all.add(
        new Attempt(
            "connect huge ticket",
            "GET",
            "/api/spotify/connect?ticket=" + "t".repeat(5000),
            null,
            null,
            null));
    all.add(
        new Attempt("path traversal", "GET", "/api/spotify/../../../etc/passwd", SVC, null, null));
    all.add(
        new Attempt(
            "encoded traversal", "GET", "/api/spotify/%2e%2e/%2e%2e/etc/passwd", SVC, null, null));
    all.add(new Attempt("unknown route", "GET", "/api/spotify/tokens", SVC, null, null));
    all.add(new Attempt("wrong method", "DELETE", "/api/spotify/status", SVC, null, null));
    return all;
  }

  static String abbreviate(String s) {
    return s.length() > 40 ? s.substring(0, 40) + "..." : s;
  }

  @Test
  void everyBadRequestGetsA4xxJsonErrorAndChangesNothing() throws Exception {
    // One real link, to prove nothing below touches it.
    LinkDriver.link(service.url(), SVC, "alice", "bad-sim-alice");
    String before = dump();

    List<Attempt> attempts = campaign();
    Map<Integer, Integer> byStatus = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (Attempt a : attempts) {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(service.url() + a.path()));
      if (a.contentType() != null) {
        b.header("Content-Type", a.contentType());
      }
      b.method(
          a.method(),
          a.body() == null
              ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(a.body()));
      Http.Reply reply = Http.send(b, a.token());
      byStatus.merge(reply.status(), 1, Integer::sum);
      if (reply.status() < 400 || reply.status() >= 500) {
        problems.add(a.name() + " -> " + reply.status());
        continue;
      }
      try {
        JsonObject body = reply.json();
        if (body.getString("error") == null || body.getString("error").isBlank()) {
          problems.add(a.name() + " -> no error text: " + reply.text());
        }
      } catch (RuntimeException e) {
        problems.add(a.name() + " -> not JSON: " + reply.status() + " " + abbreviate(reply.text()));
      }
    }

    // The callback is a browser route: bad ones land on the settings page with an error.
    List<String> callbacks =
        List.of(
            "/api/spotify/callback",
            "/api/spotify/callback?state=forged&code=x",
            "/api/spotify/callback?state=forged&error=access_denied&code=x",
            "/api/spotify/callback?code=only-a-code",
            "/api/spotify/callback?state=" + "s".repeat(600),
            "/api/spotify/callback?state=%0d%0aLocation:%20http://evil.example&code=x",
            "/api/spotify/callback?state=x&code=" + "c".repeat(3000));
    for (String path : callbacks) {
      Http.Reply reply = Http.get(service.url() + path);
      byStatus.merge(reply.status(), 1, Integer::sum);
      String location = reply.header("Location");
      if (reply.status() != 302
          || location == null
          || !location.startsWith(service.config().settingsPageUrl() + "?spotify=error&msg=")) {
        problems.add("callback " + abbreviate(path) + " -> " + reply.status() + " " + location);
      }
    }
    // A replayed state: used once properly, then again.
    String authorize =
        Http.get(service.url() + "/api/spotify/connect?user_id=replay", SVC)
            .json()
            .getString("url");
    String callback = LinkDriver.decide(authorize, "bad-sim-alice", false);
    LinkDriver.followCallback(callback);
    String replayed = LinkDriver.followCallback(callback);
    if (!replayed.contains("spotify=error")) {
      problems.add("replayed callback -> " + replayed);
    }
    int total = attempts.size() + callbacks.size() + 1;

    String after = dump();
    System.out.println(
        "BadInputIT: "
            + total
            + " requests; by status "
            + byStatus
            + "; problems "
            + problems.size());
    Files.writeString(
        Path.of("target/bad-input-campaign.txt"),
        total + " requests; by status " + byStatus + "; problems " + problems + "\n");
    assertThat(total).isGreaterThanOrEqualTo(100);
    assertThat(problems).isEmpty();
    assertThat(after).as("nothing stored changed").isEqualTo(before);
    assertThat(Http.get(service.url() + "/health").status()).isEqualTo(200);
    assertThat(Http.get(service.url() + "/api/spotify/devices?user_id=alice", SVC).status())
        .isEqualTo(200);
  }

  /** Every key of the service in this Redis with its value, sorted. */
  static String dump() {
    Redis client = Redis.createClient(vertx, redis.url());
    try {
      RedisAPI api = RedisAPI.api(client);
      Response keys = TestService.await(api.keys("asta:spotify:*"));
      Map<String, String> all = new TreeMap<>();
      for (Response key : keys) {
        if (!key.toString().contains(":state:")) {
          all.put(key.toString(), String.valueOf(TestService.await(api.get(key.toString()))));
        }
      }
      return all.toString();
    } finally {
      client.close();
    }
  }
}
