package ai.asta.spotify.sandbox;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.asta.spotify.support.SpotifyContract;
import ai.asta.spotify.support.TestService;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract check itself can fail: drifted bodies and requests are caught. */
class SpotifyContractIT {
  static Vertx vertx;
  static SpotifyContract contract;

  @BeforeAll
  static void load() {
    vertx = Vertx.vertx();
    contract = SpotifyContract.standalone(vertx);
  }

  @AfterAll
  static void close() {
    TestService.await(vertx.close());
  }

  @Test
  void aDeviceWithAWrongTypeIsCaught() {
    Exchange drifted =
        new Exchange(
            "GET",
            "/v1/me/player/devices",
            Map.of(),
            null,
            Buffer.buffer(),
            200,
            "application/json",
            Buffer.buffer("{\"devices\":[{\"id\":\"d\",\"is_active\":\"yes\"}]}"));
    assertThatThrownBy(() -> contract.validate(drifted).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("is_active");
  }

  @Test
  void anUndocumentedSuccessStatusIsCaught() {
    Exchange drifted =
        new Exchange("GET", "/v1/me", Map.of(), null, Buffer.buffer(), 201, null, Buffer.buffer());
    assertThatThrownBy(() -> contract.validate(drifted).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("201");
  }

  @Test
  void anErrorBodyNotInSpotifysShapeIsCaught() {
    Exchange drifted =
        new Exchange(
            "PUT",
            "/v1/me/player/play",
            Map.of(),
            null,
            Buffer.buffer(),
            404,
            "application/json",
            Buffer.buffer("{\"message\":\"no device\"}"));
    assertThatThrownBy(() -> contract.validate(drifted).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("error body");
  }

  @Test
  void anInvalidRequestTheSimulatorAcceptedIsCaught() {
    Exchange drifted =
        new Exchange(
            "PUT",
            "/v1/me/player/volume",
            Map.of(),
            null,
            Buffer.buffer(),
            204,
            null,
            Buffer.buffer());
    assertThatThrownBy(() -> contract.validate(drifted).await(10, TimeUnit.SECONDS))
        .hasMessageContaining("volume_percent");
  }
}
