package ai.asta.spotify.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.SpotifyContract;
import ai.asta.spotify.support.TestService;
import ai.asta.spotify.token.Secrets;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator against SPOTIFY-FACTS.md, row by row, spoken to over HTTP as Spotify is; and every
 * Web API exchange checked against Spotify's OpenAPI description.
 */
class SimulatorIT {
  static final String CLIENT = "sim-client";
  static final String SECRET = "sim-secret";
  static final String REDIRECT = "http://127.0.0.1:9/callback";
  static final String TRACK = "spotify:track:4cOdK2wGLETKBW3PvgPWqT";

  static Vertx vertx;
  static SpotifySimulator sim;
  static SpotifyContract contract;
  static String base;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    sim = TestService.simulator(vertx);
    contract = SpotifyContract.watch(vertx, sim);
    base = sim.accountsUrl();
    sim.state().registerApp(CLIENT, SECRET, "Test App", REDIRECT);
  }

  @AfterAll
  static void stop() {
    int checked = contract.assertClean();
    System.out.println(
        "SimulatorIT: " + checked + " Web API exchanges valid against the OpenAPI description");
    TestService.await(vertx.close());
  }

  String user;

  @BeforeEach
  void freshUser() {
    user = "u" + System.nanoTime();
    sim.state()
        .addUser(
            new SimUser(user, "Listener " + user)
                .device(new SimDevice("dev-active", "Desk", "Computer").active(true))
                .device(new SimDevice("dev-idle", "Phone", "Smartphone"))
                .device(new SimDevice("dev-locked", "Car", "Automobile").restricted(true)));
  }

  // --- authorize -------------------------------------------------------------------------------

  @Test
  void unknownClientOrRedirectShowsAnErrorPageAndDoesNotRedirect() {
    Http.Reply unknown = Http.get(authorize("nobody", REDIRECT, null));
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.header("Location")).isNull();
    assertThat(unknown.text()).contains("INVALID_CLIENT: Invalid client");

    Http.Reply badRedirect = Http.get(authorize(CLIENT, "http://127.0.0.1:9/other", null));
    assertThat(badRedirect.status()).isEqualTo(400);
    assertThat(badRedirect.header("Location")).isNull();
    assertThat(badRedirect.text()).contains("INVALID_CLIENT: Invalid redirect URI");
  }

  @Test
  void consentPageNamesTheAppAndScopesAndAgreeOrCancelRedirect() {
    String url = authorize(CLIENT, REDIRECT, null);
    Http.Reply page = Http.get(url);
    assertThat(page.text()).contains("Test App", "user-read-playback-state", "Agree", "Cancel");

    Map<String, String> agreed =
        LinkDriver.query(URI.create(LinkDriver.decide(url, user, true)).getRawQuery());
    assertThat(agreed).containsEntry("state", "st-1").containsKey("code");

    String cancelled = LinkDriver.decide(url, user, false);
    assertThat(cancelled).isEqualTo(REDIRECT + "?error=access_denied&state=st-1");
  }

  // --- token endpoint --------------------------------------------------------------------------

  @Test
  void codeExchangeIsSingleUseAndChecksTheRedirect() {
    String code = code(null);
    Http.Reply mismatch =
        token(
            basic(),
            "grant_type=authorization_code&code="
                + code
                + "&redirect_uri="
                + enc("http://127.0.0.1:9/x"));
    assertOauthError(mismatch, "invalid_grant", "Invalid redirect URI");

    String code2 = code(null);
    Http.Reply ok = exchange(code2);
    assertThat(ok.status()).isEqualTo(200);
    JsonObject body = ok.json();
    assertThat(body.getString("token_type")).isEqualTo("Bearer");
    assertThat(body.getLong("expires_in")).isEqualTo(3600);
    assertThat(body.getString("access_token")).isNotBlank();
    assertThat(body.getString("refresh_token")).isNotBlank();
    assertThat(body.getString("scope")).contains("user-read-playback-state");

    assertOauthError(exchange(code2), "invalid_grant", "Invalid authorization code");
    assertOauthError(exchange("made-up"), "invalid_grant", "Invalid authorization code");
  }

  @Test
  void codesExpire() {
    sim.state().setCodeLifetime(1);
    try {
      String code = code(null);
      sleep(20);
      assertOauthError(exchange(code), "invalid_grant", "Authorization code expired");
    } finally {
      sim.state().setCodeLifetime(60_000);
    }
  }

  @Test
  void clientAuthenticationFailures() {
    String code = code(null);
    String form = "grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(REDIRECT);
    assertOauthError(
        token("Basic " + b64(CLIENT + ":wrong"), form), "invalid_client", "Invalid client secret");
    assertOauthError(
        token("Basic " + b64("ghost:" + SECRET), form), "invalid_client", "Invalid client");
    assertOauthError(
        token(basic(), "code=x"), "unsupported_grant_type", "grant_type parameter is missing");

    Http.Reply json =
        Http.send(
            HttpRequest.newBuilder(URI.create(base + "/api/token"))
                .header("Content-Type", "application/json")
                .header("Authorization", basic())
                .POST(
                    HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credentials\"}")),
            null);
    assertThat(json.status()).isEqualTo(415);
    assertThat(json.json().getString("error")).isEqualTo("server_error");
    assertThat(json.json().getString("error_description")).isEqualTo("Unexpected status: 415");
  }

  @Test
  void confidentialRefreshKeepsTheRefreshToken() {
    String refresh = exchange(code(null)).json().getString("refresh_token");
    for (int i = 0; i < 3; i++) {
      Http.Reply r = token(basic(), "grant_type=refresh_token&refresh_token=" + refresh);
      assertThat(r.status()).isEqualTo(200);
      assertThat(r.json().containsKey("refresh_token")).isFalse();
      assertThat(r.json().getString("access_token")).isNotBlank();
    }
  }

  @Test
  void pkceExchangeAndRotatingRefresh() {
    String verifier = Secrets.codeVerifier();
    String code = code(Secrets.codeChallenge(verifier));
    String base0 =
        "grant_type=authorization_code&code="
            + code
            + "&redirect_uri="
            + enc(REDIRECT)
            + "&client_id="
            + CLIENT;
    Http.Reply wrong = token(null, base0 + "&code_verifier=" + Secrets.codeVerifier());
    assertOauthError(wrong, "invalid_grant", "code_verifier was incorrect");

    String code2 = code(Secrets.codeChallenge(verifier));
    Http.Reply ok =
        token(
            null,
            "grant_type=authorization_code&code="
                + code2
                + "&redirect_uri="
                + enc(REDIRECT)
                + "&client_id="
                + CLIENT
                + "&code_verifier="
                + verifier);
    assertThat(ok.status()).isEqualTo(200);
    String first = ok.json().getString("refresh_token");

    Http.Reply rotated =
        token(null, "grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + first);
    String second = rotated.json().getString("refresh_token");
    assertThat(second).isNotBlank().isNotEqualTo(first);
    assertOauthError(
        token(null, "grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + first),
        "invalid_grant",
        "Invalid refresh token");
    assertThat(
            token(null, "grant_type=refresh_token&client_id=" + CLIENT + "&refresh_token=" + second)
                .status())
        .isEqualTo(200);
  }

  @Test
  void revokedRefreshTokensAnswerInvalidGrant() {
    String refresh = exchange(code(null)).json().getString("refresh_token");
    sim.state().revokeRefreshTokens(user);
    assertOauthError(
        token(basic(), "grant_type=refresh_token&refresh_token=" + refresh),
        "invalid_grant",
        "Refresh token revoked");
  }

  @Test
  void tokenEndpointFaultsAndCounters() {
    long before = sim.state().count("grant:refresh_token");
    String refresh = exchange(code(null)).json().getString("refresh_token");
    sim.state().inject("POST /api/token", Fault.status(503), 1);
    assertThat(token(basic(), "grant_type=refresh_token&refresh_token=" + refresh).status())
        .isEqualTo(503);
    assertThat(token(basic(), "grant_type=refresh_token&refresh_token=" + refresh).status())
        .isEqualTo(200);
    assertThat(sim.state().count("grant:refresh_token") - before).isEqualTo(1);
  }

  // --- Web API ---------------------------------------------------------------------------------

  @Test
  void expiredOrMissingAccessTokensAnswer401InSpotifysShape() {
    String access = accessToken();
    assertThat(api("GET", "/me", access, null).status()).isEqualTo(200);
    sim.state().expireAccessTokens(user);
    Http.Reply expired = api("GET", "/me", access, null);
    assertThat(expired.status()).isEqualTo(401);
    assertThat(expired.json().getJsonObject("error").getInteger("status")).isEqualTo(401);
    assertThat(api("GET", "/me/player/devices", null, null).status()).isEqualTo(401);
  }

  @Test
  void profileAndDevices() {
    String access = accessToken();
    JsonObject me = api("GET", "/me", access, null).json();
    assertThat(me.getString("id")).isEqualTo(user);
    assertThat(me.getString("display_name")).isEqualTo("Listener " + user);
    assertThat(me.getString("product")).isEqualTo("premium");
    JsonObject devices = api("GET", "/me/player/devices", access, null).json();
    assertThat(devices.getJsonArray("devices")).hasSize(3);
    assertThat(devices.getJsonArray("devices").getJsonObject(0).fieldNames())
        .contains(
            "id",
            "is_active",
            "is_private_session",
            "is_restricted",
            "name",
            "type",
            "volume_percent",
            "supports_volume");
  }

  @Test
  void playChangesWhatIsPlayingAndWhichDeviceIsActive() {
    String access = accessToken();
    assertThat(api("GET", "/me/player/currently-playing", access, null).status()).isEqualTo(204);
    assertThat(api("GET", "/me/player", access, null).status()).isEqualTo(204);

    Http.Reply play =
        api("PUT", "/me/player/play?device_id=dev-idle", access, "{\"uris\":[\"" + TRACK + "\"]}");
    assertThat(play.status()).isEqualTo(204);
    JsonObject now = api("GET", "/me/player/currently-playing", access, null).json();
    assertThat(now.getBoolean("is_playing")).isTrue();
    assertThat(now.getJsonObject("item").getString("uri")).isEqualTo(TRACK);
    JsonObject state = api("GET", "/me/player", access, null).json();
    assertThat(state.getJsonObject("device").getString("id")).isEqualTo("dev-idle");
    JsonObject devices = api("GET", "/me/player/devices", access, null).json();
    assertThat(devices.getJsonArray("devices").getJsonObject(0).getBoolean("is_active")).isFalse();
    assertThat(devices.getJsonArray("devices").getJsonObject(1).getBoolean("is_active")).isTrue();

    assertThat(api("PUT", "/me/player/pause", access, null).status()).isEqualTo(204);
    assertThat(
            api("GET", "/me/player/currently-playing", access, null)
                .json()
                .getBoolean("is_playing"))
        .isFalse();
    assertThat(api("PUT", "/me/player/volume?volume_percent=30", access, null).status())
        .isEqualTo(204);
    assertThat(
            api("PUT", "/me/player", access, "{\"device_ids\":[\"dev-active\"],\"play\":true}")
                .status())
        .isEqualTo(204);
    assertThat(
            api("GET", "/me/player", access, null).json().getJsonObject("device").getString("id"))
        .isEqualTo("dev-active");
    assertThat(
            api(
                    "PUT",
                    "/me/player/play",
                    access,
                    "{\"context_uri\":\"spotify:album:4cOdK2wGLETKBW3PvgPWqT\"}")
                .status())
        .isEqualTo(204);
  }

  @Test
  void theRecordedPlayerFailures() {
    String access = accessToken();
    sim.state().setDeviceActive(user, "dev-active", false);
    assertPlayerError(
        api("PUT", "/me/player/play", access, "{\"uris\":[\"" + TRACK + "\"]}"),
        404,
        "Player command failed: No active device found",
        "NO_ACTIVE_DEVICE");
    assertPlayerError(
        api("PUT", "/me/player/play?device_id=nope", access, "{\"uris\":[\"" + TRACK + "\"]}"),
        404,
        "Device not found",
        null);
    assertPlayerError(
        api(
            "PUT",
            "/me/player/play?device_id=dev-locked",
            access,
            "{\"uris\":[\"" + TRACK + "\"]}"),
        403,
        "Player command failed: Restriction violated",
        "UNKNOWN");
    sim.state().setPremium(user, false);
    assertPlayerError(
        api("PUT", "/me/player/play?device_id=dev-idle", access, "{\"uris\":[\"" + TRACK + "\"]}"),
        403,
        "Player command failed: Premium required",
        "PREMIUM_REQUIRED");
  }

  @Test
  void theRateBudgetAnswers429WithRetryAfter() {
    String access = accessToken();
    sim.state().setRateBudget(2, 2_000);
    try {
      assertThat(api("GET", "/me/player/devices", access, null).status()).isEqualTo(200);
      assertThat(api("GET", "/me/player/devices", access, null).status()).isEqualTo(200);
      Http.Reply limited = api("GET", "/me/player/devices", access, null);
      assertThat(limited.status()).isEqualTo(429);
      assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 2);
    } finally {
      sim.state().setRateBudget(100_000, 30_000);
    }
  }

  @Test
  void injectedFaults() {
    String access = accessToken();
    String devices = "GET /v1/me/player/devices";
    sim.state().inject(devices, Fault.status(503), 1);
    sim.state().inject(devices, Fault.rateLimited("7"), 1);
    sim.state().inject(devices, Fault.status(500), 1);
    assertThat(api("GET", "/me/player/devices", access, null).status()).isEqualTo(503);
    Http.Reply limited = api("GET", "/me/player/devices", access, null);
    assertThat(limited.status()).isEqualTo(429);
    assertThat(limited.header("retry-after")).isEqualTo("7");
    assertThat(api("GET", "/me/player/devices", access, null).status()).isEqualTo(500);
    assertThat(api("GET", "/me/player/devices", access, null).status()).isEqualTo(200);

    sim.state().inject("PUT /v1/me/player/play", Fault.status(202), 1);
    assertThat(api("PUT", "/me/player/play", access, "{\"uris\":[\"" + TRACK + "\"]}").status())
        .isEqualTo(202);

    sim.state().inject(devices, Fault.delay(300), 1);
    long t0 = System.nanoTime();
    assertThat(api("GET", "/me/player/devices", access, null).status()).isEqualTo(200);
    assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(300);

    // Several: an HTTP client may retry an idempotent request once on a dropped connection.
    sim.state().inject(devices, Fault.drop(), 5);
    try {
      api("GET", "/me/player/devices", access, null);
      throw new AssertionError("the connection should have been dropped");
    } catch (IllegalStateException expected) {
      assertThat(expected.getMessage()).contains("HTTP request failed");
    }
    sim.state().clearFaults();
    assertThat(sim.state().count(devices)).isGreaterThanOrEqualTo(6);
  }

  @Test
  void searchOverTheCatalog() {
    String access = accessToken();
    JsonObject found =
        api("GET", "/search?q=" + enc("mr brightside") + "&type=track", access, null).json();
    assertThat(
            found.getJsonObject("tracks").getJsonArray("items").getJsonObject(0).getString("uri"))
        .isEqualTo("spotify:track:3n3Ppam7vgaVa1iaRUc9Lp");
    assertThat(api("GET", "/search?q=x&type=track&limit=11", access, null).status()).isEqualTo(400);
  }

  @Test
  void theHttpControlSurface() {
    String id = "ctl" + System.nanoTime();
    assertThat(
            Http.post(
                    base + "/sim/users",
                    null,
                    new JsonObject().put("id", id).put("premium", false).encode())
                .status())
        .isEqualTo(200);
    assertThat(
            Http.post(
                    base + "/sim/users/" + id + "/devices",
                    null,
                    "{\"id\":\"d1\",\"name\":\"Kitchen\",\"type\":\"Speaker\"}")
                .status())
        .isEqualTo(200);
    Http.post(
        base + "/sim/faults", null, "{\"endpoint\":\"GET /v1/me\",\"status\":502,\"times\":1}");
    assertThat(
            Http.get(base + "/sim/users").json().getJsonArray("users").stream()
                .anyMatch(u -> ((JsonObject) u).getString("id").equals(id)))
        .isTrue();
    assertThat(Http.get(base + "/sim/counters").json()).isNotNull();
    assertThat(sim.state().user(id).devices).hasSize(1);
    assertThat(sim.state().user(id).premium).isFalse();
    sim.state().clearFaults();
  }

  // --- helpers ---------------------------------------------------------------------------------

  static String authorize(String client, String redirect, String challenge) {
    String url =
        base
            + "/authorize?client_id="
            + client
            + "&response_type=code&redirect_uri="
            + enc(redirect)
            + "&state=st-1&scope="
            + enc("user-read-playback-state user-modify-playback-state");
    return challenge == null
        ? url
        : url + "&code_challenge_method=S256&code_challenge=" + challenge;
  }

  String code(String challenge) {
    String location = LinkDriver.decide(authorize(CLIENT, REDIRECT, challenge), user, true);
    return LinkDriver.query(URI.create(location).getRawQuery()).get("code");
  }

  String accessToken() {
    return exchange(code(null)).json().getString("access_token");
  }

  static Http.Reply exchange(String code) {
    return token(
        basic(), "grant_type=authorization_code&code=" + code + "&redirect_uri=" + enc(REDIRECT));
  }

  static Http.Reply token(String authorization, String form) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(base + "/api/token"))
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(form));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    return Http.send(b, null);
  }

  static Http.Reply api(String method, String path, String access, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.apiUrl() + path));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return Http.send(b, access);
  }

  static void assertOauthError(Http.Reply reply, String error, String description) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
    assertThat(reply.json().getString("error")).isEqualTo(error);
    assertThat(reply.json().getString("error_description")).isEqualTo(description);
  }

  static void assertPlayerError(Http.Reply reply, int status, String message, String reason) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    JsonObject error = reply.json().getJsonObject("error");
    assertThat(error.getInteger("status")).isEqualTo(status);
    assertThat(error.getString("message")).isEqualTo(message);
    assertThat(error.getString("reason")).isEqualTo(reason);
  }

  static String basic() {
    return "Basic " + b64(CLIENT + ":" + SECRET);
  }

  static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
