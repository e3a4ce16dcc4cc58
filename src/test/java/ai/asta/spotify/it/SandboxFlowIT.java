package ai.asta.spotify.it;

import static org.assertj.core.api.Assertions.assertThat;

import ai.asta.spotify.Service;
import ai.asta.spotify.sandbox.Sandbox;
import ai.asta.spotify.support.Http;
import ai.asta.spotify.support.LinkDriver;
import ai.asta.spotify.support.SpotifyContract;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sandbox mode as a newcomer uses it: the embedded simulator, the embedded store, no Spotify
 * account. Connect, Agree, devices, play, and the Cancel path.
 */
class SandboxFlowIT {
  static Vertx vertx;
  static Service service;
  static String api;
  static SpotifyContract contract;

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    JsonObject config =
        TestService.config(null, null)
            .put("ASTA_SPOTIFY_SANDBOX", true)
            .put("ASTA_SANDBOX_PORT", 0)
            .putNull("ASTA_ENCRYPTION_KEY");
    service = TestService.start(vertx, config);
    api = service.url() + "/api/spotify";
    contract = SpotifyContract.watch(vertx, service.sandbox().orElseThrow().simulator());
  }

  @AfterAll
  static void stop() {
    contract.assertClean();
    TestService.await(vertx.close());
  }

  @Test
  void connectAgreeDevicesPlay() throws Exception {
    Http.Reply connect = Http.get(api + "/connect?user_id=newcomer");
    assertThat(connect.status()).isEqualTo(200);
    String authorize = connect.json().getString("url");
    String simulator = service.sandbox().orElseThrow().simulator().accountsUrl();
    assertThat(authorize).startsWith(simulator + "/authorize?");

    String landed = LinkDriver.consent(authorize, Sandbox.USER, true);
    assertThat(landed).isEqualTo(service.url() + "/settings?spotify=connected");
    assertThat(Http.get(landed).status()).isEqualTo(200);

    JsonObject status = Http.get(api + "/status?user_id=newcomer").json();
    assertThat(status.getBoolean("connected")).isTrue();
    assertThat(status.getString("display_name")).isEqualTo("Sandbox Listener");

    JsonObject devices = Http.get(api + "/devices?user_id=newcomer").json();
    assertThat(devices.getBoolean("connected")).isTrue();
    JsonArray list = devices.getJsonArray("devices");
    assertThat(list).hasSize(3);
    String phone = list.getJsonObject(1).getString("id");

    Http.Reply play =
        Http.post(
            api + "/play?user_id=newcomer",
            null,
            new JsonObject()
                .put("track_uri", "spotify:track:3n3Ppam7vgaVa1iaRUc9Lp")
                .put("device_id", phone)
                .encode());
    assertThat(play.status()).as(play.toString()).isEqualTo(200);
    assertThat(play.json().getBoolean("ok")).isTrue();
    assertThat(play.json().getValue("error")).isNull();

    assertThat(service.sandbox().orElseThrow().simulator().state().currentlyPlaying(Sandbox.USER))
        .isEqualTo("spotify:track:3n3Ppam7vgaVa1iaRUc9Lp");
    // At rest, the embedded store's file holds no token in plain text.
    String file = Files.readString(service.config().dataDir().resolve("store.json"));
    assertThat(file).contains("asta:spotify:{newcomer}:tokens");
    for (String token :
        service.sandbox().orElseThrow().simulator().state().tokensOf(Sandbox.USER)) {
      assertThat(file).doesNotContain(token);
    }
    // The same seen over the simulator's HTTP control surface.
    assertThat(
            Http.get(simulator + "/sim/users/" + Sandbox.USER + "/playing")
                .json()
                .getString("track_uri"))
        .isEqualTo("spotify:track:3n3Ppam7vgaVa1iaRUc9Lp");
  }

  @Test
  void cancelLandsWithAccessDenied() {
    String authorize = Http.get(api + "/connect?user_id=canceller").json().getString("url");
    String landed = LinkDriver.consent(authorize, Sandbox.USER, false);
    assertThat(landed).isEqualTo(service.url() + "/settings?spotify=error&msg=access_denied");
    JsonObject status = Http.get(api + "/status?user_id=canceller").json();
    assertThat(status.getBoolean("connected")).isFalse();
    assertThat(status.getString("reason")).isEqualTo("not_linked");
  }

  @Test
  void aBrowserOpeningConnectIsRedirectedToTheConsentPage() {
    Http.Reply reply = Http.getHtml(api + "/connect?user_id=browser");
    assertThat(reply.status()).isEqualTo(302);
    URI location = URI.create(reply.header("Location"));
    assertThat(location.getPath()).isEqualTo("/authorize");
    assertThat(LinkDriver.query(location.getRawQuery()))
        .containsEntry("response_type", "code")
        .containsEntry("client_id", Sandbox.CLIENT_ID)
        .containsEntry("redirect_uri", service.config().redirectUri())
        .containsKey("state");
  }
}
