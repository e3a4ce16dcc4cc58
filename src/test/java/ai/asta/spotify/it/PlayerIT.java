package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.bus.BusContract;
import ai.asta.spotify.bus.BusError;
import ai.asta.spotify.sandbox.Fault;
import ai.asta.spotify.sandbox.SimDevice;
import ai.asta.spotify.sandbox.SimUser;
import ai.asta.spotify.sandbox.SpotifySimulator;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.SpotifyContract;
import ai.asta.spotify.support.TestRedis;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Devices and playback against the simulator, over REST on two instances and over the bus. */
class PlayerIT {
  static final String CLIENT = "player-client";
  static final String SECRET = "player-secret-0123456789";
  static final String SVC = "player-svc-token-0123456789";
  static final String TRACK = "spotify:track:4cOdK2wGLETKBW3PvgPWqT";

  static Vertx vertxA;
  static Vertx vertxB;
  static SpotifySimulator sim;
  static SpotifyContract contract;
  static Service a;
  static Service b;

  String spotify;
  String user;

  @BeforeAll
  static void start() {
    vertxA = Vertx.vertx();
    vertxB = Vertx.vertx();
    sim = TestService.simulator(vertxA);
    contract = SpotifyContract.watch(vertxA, sim);
    String redis = TestRedis.shared().url();
    JsonObject configA =
        TestService.configWithApp(sim, redis, CLIENT, SECRET).put("ASTA_API_TOKENS", SVC + "=*");
    JsonObject configB = configA.copy().put("ASTA_HTTP_PORT", TestRedis.freePort());
    a = TestService.start(vertxA, configA);
    b = TestService.start(vertxB, configB);
  }

  @AfterAll
  static void stop() {
    contract.assertClean();
    TestService.await(vertxB.close());
    TestService.await(vertxA.close());
  }

  @BeforeEach
  void linkAUser() {
    spotify = "player-" + System.nanoTime();
    user = "asta-" + spotify;
    sim.state()
        .addUser(
            new SimUser(spotify, "Player " + spotify)
                .device(new SimDevice("dev-desk", "Desk", "Computer").active(true).volume(40, true))
                .device(new SimDevice("dev-phone", "Phone", "Smartphone").volume(null, false))
                .device(new SimDevice("dev-car", "Car", "Automobile").restricted(true)));
    LinkDriver.link(a.url(), SVC, user, spotify);
  }

  Http.Reply post(Service via, String route, JsonObject body) {
    return Http.post(
        via.url() + "/api/spotify/" + route + "?user_id=" + user,
        SVC,
        body == null ? "" : body.encode());
  }

  Http.Reply play(Service via, String deviceId) {
    JsonObject body = new JsonObject().put("track_uri", TRACK);
    if (deviceId != null) {
      body.put("device_id", deviceId);
    }
    return post(via, "play", body);
  }

  static void assertFailure(Http.Reply reply, int status, String reason) {
    assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
    assertThat(reply.json().getBoolean("ok")).isFalse();
    assertThat(reply.json().getString("error")).isNotBlank();
    assertThat(reply.json().getString("reason")).isEqualTo(reason);
  }

  // --- devices ---------------------------------------------------------------------------------

  @Test
  void devicesCarryEveryFieldAndSkipDevicesWithoutAnId() {
    sim.state().addDevice(spotify, new SimDevice(null, "Ghost", "Unknown"));
    JsonObject reply = Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC).json();
    assertThat(reply.getBoolean("connected")).isTrue();
    JsonArray devices = reply.getJsonArray("devices");
    assertThat(devices).hasSize(3);
    assertThat(devices.getJsonObject(0))
        .isEqualTo(
            new JsonObject()
                .put("id", "dev-desk")
                .put("name", "Desk")
                .put("type", "Computer")
                .put("is_active", true)
                .put("is_private_session", false)
                .put("is_restricted", false)
                .put("volume_percent", 40)
                .put("supports_volume", true));
    assertThat(devices.getJsonObject(1).getValue("volume_percent")).isNull();
    assertThat(devices.getJsonObject(2).getBoolean("is_restricted")).isTrue();
  }

  @Test
  void noDevicesIsConnectedFalseAndNotLinkedIs401() {
    sim.state().clearDevices(spotify);
    JsonObject none = Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC).json();
    assertThat(none)
        .isEqualTo(new JsonObject().put("devices", new JsonArray()).put("connected", false));

    Http.Reply stranger = Http.get(a.url() + "/api/spotify/devices?user_id=never-linked", SVC);
    assertThat(stranger.status()).isEqualTo(401);
    assertThat(stranger.json().getString("reason")).isEqualTo("not_linked");
    assertFailure(
        Http.post(
            a.url() + "/api/spotify/play?user_id=never-linked",
            SVC,
            "{\"track_uri\":\"" + TRACK + "\"}"),
        401,
        "not_linked");
  }

  // --- play: which device ----------------------------------------------------------------------

  @Test
  void playsOnTheActiveDevice() {
    Http.Reply reply = play(a, null);
    assertThat(reply.json())
        .isEqualTo(
            new JsonObject()
                .put("ok", true)
                .putNull("error")
                .put("device_id", "dev-desk")
                .put("track_uri", TRACK));
    assertThat(sim.state().currentlyPlaying(spotify)).isEqualTo(TRACK);
  }

  @Test
  void aNamedIdleDeviceIsWokenAndPlays() {
    Http.Reply reply = play(b, "dev-phone");
    assertThat(reply.json().getBoolean("ok")).isTrue();
    JsonArray devices =
        Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC)
            .json()
            .getJsonArray("devices");
    assertThat(devices.getJsonObject(1).getBoolean("is_active")).isTrue();
    assertThat(devices.getJsonObject(0).getBoolean("is_active")).isFalse();
  }

  @Test
  void theLastUsedDeviceWhenNoneIsActive() {
    assertThat(play(a, "dev-phone").json().getBoolean("ok")).isTrue();
    sim.state().setDeviceActive(spotify, "dev-phone", false);
    Http.Reply reply = play(b, null);
    assertThat(reply.json().getString("device_id")).isEqualTo("dev-phone");
  }

  @Test
  void theOnlyControllableDeviceElseAChoiceListingTheNames() {
    sim.state().setDeviceActive(spotify, "dev-desk", false);
    Http.Reply choose = play(a, null);
    assertFailure(choose, 409, "choose_device");
    assertThat(choose.json().getString("error"))
        .contains("Desk")
        .contains("Phone")
        .doesNotContain("Car");

    sim.state().clearDevices(spotify);
    sim.state().addDevice(spotify, new SimDevice("dev-only", "Only", "Speaker"));
    assertThat(play(a, null).json().getString("device_id")).isEqualTo("dev-only");
  }

  // --- play: Spotify's failures, each its own status and message -------------------------------

  @Test
  void eachPlayerFailureIsToldApart() {
    assertFailure(play(a, "dev-car"), 423, "device_restricted");
    long before = sim.state().count("PUT /v1/me/player/play");
    assertFailure(play(a, "dev-gone"), 404, "device_not_found");
    // A 4xx is never retried.
    assertThat(sim.state().count("PUT /v1/me/player/play") - before).isEqualTo(1);
    sim.state().setDeviceActive(spotify, "dev-desk", false);
    // Spotify's NO_ACTIVE_DEVICE: a command sent without a device while none is active.
    assertFailure(post(a, "pause", null), 409, "no_active_device");
    sim.state().setPremium(spotify, false);
    Http.Reply premium = play(a, "dev-desk");
    assertFailure(premium, 403, "premium_required");
    assertThat(premium.json().getString("error")).contains("Premium");
    sim.state().setPremium(spotify, true);
    assertThat(play(a, "dev-desk").json().getBoolean("ok")).isTrue();
    assertThat(post(a, "pause", null).json().getBoolean("ok")).isTrue();
    // Pausing what is paused: Spotify's "Restriction violated" on a controllable device.
    assertFailure(post(a, "pause", null), 423, "command_restricted");
  }

  @Test
  void badInputIs400InThePlayShape() {
    assertFailure(
        post(a, "play", new JsonObject().put("track_uri", "not-a-uri")), 400, "invalid_track_uri");
    assertFailure(post(a, "play", new JsonObject().put("track_uri", 42)), 400, "invalid_request");
    assertFailure(post(a, "play", new JsonObject()), 400, "invalid_request");
    assertFailure(
        post(a, "play", new JsonObject().put("track_uri", TRACK).put("device_id", "bad\nid")),
        400,
        "invalid_device_id");
    Http.Reply notJson =
        Http.post(a.url() + "/api/spotify/play?user_id=" + user, SVC, "{\"track_uri\":");
    assertFailure(notJson, 400, "invalid_json");
    Http.Reply array = Http.post(a.url() + "/api/spotify/play?user_id=" + user, SVC, "[1,2]");
    assertFailure(array, 400, "invalid_request");
    Http.Reply huge =
        Http.post(
            a.url() + "/api/spotify/play?user_id=" + user,
            SVC,
            "{\"track_uri\":\"" + "x".repeat(20_000) + "\"}");
    assertThat(huge.status()).isEqualTo(413);
    assertThat(huge.json().getString("error")).contains("larger");
    Http.Reply link =
        post(
            a,
            "play",
            new JsonObject()
                .put("track_uri", "https://open.spotify.com/track/4cOdK2wGLETKBW3PvgPWqT?si=x"));
    assertThat(link.json().getString("track_uri")).isEqualTo(TRACK);
    Http.Reply album =
        post(a, "play", new JsonObject().put("track_uri", "spotify:album:4cOdK2wGLETKBW3PvgPWqT"));
    assertThat(album.json().getBoolean("ok")).isTrue();
  }

  // --- transient failures and the shared rate limit --------------------------------------------

  @Test
  void a503ThenSuccessIsOkAndA202ThenA204IsOk() {
    sim.state().inject("PUT /v1/me/player/play", Fault.status(503), 1);
    assertThat(play(a, "dev-desk").json().getBoolean("ok")).isTrue();
    sim.state().inject("PUT /v1/me/player/play", Fault.status(202), 1);
    long before = sim.state().count("PUT /v1/me/player/play");
    assertThat(play(a, "dev-desk").json().getBoolean("ok")).isTrue();
    assertThat(sim.state().count("PUT /v1/me/player/play") - before).isEqualTo(2);
  }

  @Test
  void spotifyFailingForLongIs502AndUnreachableIs503() {
    sim.state().inject("GET /v1/me/player/devices", Fault.status(500), 50);
    Http.Reply failing = Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC);
    sim.state().clearFaults();
    assertThat(failing.status()).isEqualTo(502);
    assertThat(failing.json().getString("reason")).isEqualTo("spotify_error");

    sim.state().inject("GET /v1/me/player/devices", Fault.drop(), 50);
    Http.Reply dropped = Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC);
    sim.state().clearFaults();
    assertThat(dropped.status()).isEqualTo(503);
    assertThat(dropped.json().getString("reason")).isEqualTo("spotify_unavailable");
    assertThat(Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC).status())
        .isEqualTo(200);
  }

  @Test
  void a429SeenByOneInstanceHoldsBackTheOtherUntilTheWindowEnds() {
    sim.state().inject("PUT /v1/me/player/play", Fault.rateLimited("2"), 1);
    Http.Reply limited = play(a, "dev-desk");
    assertFailure(limited, 429, "rate_limited");
    assertThat(limited.header("Retry-After")).isIn("1", "2");

    long calls =
        sim.state().count("GET /v1/me/player/devices")
            + sim.state().count("PUT /v1/me/player/play");
    Http.Reply fromB = Http.get(b.url() + "/api/spotify/devices?user_id=" + user, SVC);
    assertThat(fromB.status()).isEqualTo(429);
    assertThat(fromB.header("Retry-After")).isIn("1", "2");
    assertFailure(play(b, "dev-desk"), 429, "rate_limited");
    assertThat(
            sim.state().count("GET /v1/me/player/devices")
                + sim.state().count("PUT /v1/me/player/play"))
        .isEqualTo(calls);

    ReadinessIT.sleep(2100);
    assertThat(play(b, "dev-desk").json().getBoolean("ok")).isTrue();
  }

  @Test
  void a401OnAFreshTokenRefreshesOnceAndRetriesOnceNoMore() {
    long refreshes = sim.state().count("grant:refresh_token");
    long calls = sim.state().count("GET /v1/me/player/devices");
    sim.state().inject("GET /v1/me/player/devices", Fault.status(401), 3);
    Http.Reply reply = Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC);
    sim.state().clearFaults();
    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.json().getString("reason")).isEqualTo("token_rejected");
    assertThat(sim.state().count("grant:refresh_token") - refreshes).isEqualTo(1);
    assertThat(sim.state().count("GET /v1/me/player/devices") - calls).isEqualTo(2);
    assertThat(Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC).status())
        .isEqualTo(200);
  }

  // --- the controls an assistant needs next ----------------------------------------------------

  @Test
  void pauseResumeVolumeTransferAndNowPlaying() {
    assertThat(Http.get(a.url() + "/api/spotify/now-playing?user_id=" + user, SVC).json())
        .isEqualTo(new JsonObject().put("playing", false));
    assertThat(play(a, "dev-desk").json().getBoolean("ok")).isTrue();
    JsonObject now = Http.get(a.url() + "/api/spotify/now-playing?user_id=" + user, SVC).json();
    assertThat(now.getBoolean("playing")).isTrue();
    assertThat(now.getString("track_uri")).isEqualTo(TRACK);
    assertThat(now.getString("name")).isEqualTo("Never Gonna Give You Up");
    assertThat(now.getString("artists")).isEqualTo("Rick Astley");
    assertThat(now.getString("device_name")).isEqualTo("Desk");

    assertThat(post(a, "pause", null).json().getBoolean("ok")).isTrue();
    assertThat(
            Http.get(b.url() + "/api/spotify/now-playing?user_id=" + user, SVC)
                .json()
                .getBoolean("playing"))
        .isFalse();
    assertThat(post(b, "resume", new JsonObject()).json().getBoolean("ok")).isTrue();
    assertThat(sim.state().currentlyPlaying(spotify)).isEqualTo(TRACK);

    assertThat(
            post(a, "volume", new JsonObject().put("volume_percent", 65))
                .json()
                .getInteger("volume_percent"))
        .isEqualTo(65);
    assertThat(
            Http.get(a.url() + "/api/spotify/devices?user_id=" + user, SVC)
                .json()
                .getJsonArray("devices")
                .getJsonObject(0)
                .getInteger("volume_percent"))
        .isEqualTo(65);
    assertFailure(
        post(a, "volume", new JsonObject().put("volume_percent", 101)), 400, "invalid_request");
    assertFailure(
        post(a, "volume", new JsonObject().put("volume_percent", 10).put("device_id", "dev-phone")),
        422,
        "volume_not_supported");

    assertThat(
            post(a, "transfer", new JsonObject().put("device_id", "dev-phone").put("play", true))
                .json()
                .getString("device_id"))
        .isEqualTo("dev-phone");
    assertThat(
            Http.get(a.url() + "/api/spotify/now-playing?user_id=" + user, SVC)
                .json()
                .getString("device_id"))
        .isEqualTo("dev-phone");
    assertFailure(post(a, "transfer", new JsonObject()), 400, "invalid_request");
    assertFailure(
        post(a, "transfer", new JsonObject().put("device_id", "dev-gone")),
        404,
        "device_not_found");
  }

  @Test
  void searchThenPlayPlaysTheCatalogTrackNamed() {
    Http.Reply reply = post(a, "play-search", new JsonObject().put("query", "mr brightside"));
    assertThat(reply.json().getBoolean("ok")).as(reply.toString()).isTrue();
    assertThat(reply.json().getString("track_uri"))
        .isEqualTo("spotify:track:3n3Ppam7vgaVa1iaRUc9Lp");
    assertThat(reply.json().getString("name")).isEqualTo("Mr. Brightside");
    assertThat(reply.json().getString("artists")).isEqualTo("The Killers");
    assertThat(sim.state().currentlyPlaying(spotify))
        .isEqualTo("spotify:track:3n3Ppam7vgaVa1iaRUc9Lp");
    assertFailure(
        post(a, "play-search", new JsonObject().put("query", "zzzz no such song")),
        404,
        "no_match");
    assertFailure(post(a, "play-search", new JsonObject()), 400, "invalid_request");
  }

  // --- the same over the event bus, without HTTP ---

  /** One request on the bus for this test's user, as another service on the bus would send it. */
  JsonObject ask(String address, JsonObject request) throws Exception {
    return vertxA
        .eventBus()
        .<JsonObject>request(address, request.put("user", user))
        .await(10, TimeUnit.SECONDS)
        .body();
  }

  @Test
  void everyPlayerRouteIsOnTheBus() throws Exception {
    var bus = vertxA.eventBus();
    assertThat(ask(BusContract.DEVICES, new JsonObject()).getJsonArray("devices")).hasSize(3);
    JsonObject play = new JsonObject().put("track_uri", TRACK).put("device_id", "dev-desk");
    assertThat(ask(BusContract.PLAY, play).getBoolean("ok")).isTrue();
    assertThat(ask(BusContract.NOW_PLAYING, new JsonObject()).getString("track_uri"))
        .isEqualTo(TRACK);
    assertThat(ask(BusContract.PAUSE, new JsonObject()).getBoolean("ok")).isTrue();
    assertThat(ask(BusContract.RESUME, new JsonObject()).getBoolean("ok")).isTrue();
    assertThat(ask(BusContract.VOLUME, new JsonObject().put("volume_percent", 20)).getBoolean("ok"))
        .isTrue();
    assertThat(
            ask(BusContract.TRANSFER, new JsonObject().put("device_id", "dev-phone"))
                .getBoolean("ok"))
        .isTrue();
    assertThat(
            ask(BusContract.PLAY_SEARCH, new JsonObject().put("query", "flowers"))
                .getString("name"))
        .isEqualTo("Flowers");
    assertThat(ask(BusContract.STATUS, new JsonObject()).getBoolean("connected")).isTrue();

    try {
      bus.request(BusContract.PLAY, new JsonObject().put("user", user).put("track_uri", "nope"))
          .await(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ReplyException e) {
      assertThat(e.failureCode()).isEqualTo(400);
      assertThat(BusError.parse(e).reason()).isEqualTo("invalid_track_uri");
    }
    try {
      bus.request(BusContract.DEVICES, new JsonObject()).await(10, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure");
    } catch (ReplyException e) {
      assertThat(e.failureCode()).isEqualTo(400);
      assertThat(e.getMessage()).contains("user");
    }
  }
}
