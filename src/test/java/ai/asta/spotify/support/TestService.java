package ai.asta.spotify.support;

import ai.asta.spotify.Service;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.sandbox.SpotifySimulator;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

/** Starts real instances of the service for integration tests, pointed at a simulator. */
public final class TestService {
  /** One encryption key for every instance of a test run, as production instances share one. */
  public static final String KEY =
      Base64.getEncoder().encodeToString(new byte[32]).replace('A', 'k');

  private TestService() {}

  /**
   * A configuration on a free port, pointed at {@code sim}, with the given store URL or embedded.
   */
  public static JsonObject config(SpotifySimulator sim, String redisUrl) {
    int port = TestRedis.freePort();
    JsonObject json =
        new JsonObject()
            .put("ASTA_HTTP_HOST", "127.0.0.1")
            .put("ASTA_HTTP_PORT", port)
            .put("ASTA_BASE_URL", "http://127.0.0.1:" + port)
            .put("ASTA_ENCRYPTION_KEY", KEY)
            .put("ASTA_DATA_DIR", tempDir().toString())
            .put("ASTA_REFRESH_MARGIN_SECONDS", 0)
            .put("ASTA_SPOTIFY_TIMEOUT_MS", 2000)
            .put("ASTA_SPOTIFY_RETRY_BUDGET_MS", 2500);
    if (sim != null) {
      json.put("SPOTIFY_ACCOUNTS_URL", sim.accountsUrl()).put("SPOTIFY_API_URL", sim.apiUrl());
    }
    if (redisUrl != null) {
      json.put("ASTA_REDIS_URL", redisUrl);
    }
    return json;
  }

  /**
   * A configuration on a free port whose Spotify app ({@code clientId}, {@code secret}) is
   * registered on {@code sim} with the instance's redirect URI.
   */
  public static JsonObject configWithApp(
      SpotifySimulator sim, String redisUrl, String clientId, String secret) {
    JsonObject config =
        config(sim, redisUrl)
            .put("SPOTIFY_CLIENT_ID", clientId)
            .put("SPOTIFY_CLIENT_SECRET", secret);
    sim.state()
        .registerApp(
            clientId, secret, "Asta", config.getString("ASTA_BASE_URL") + "/api/spotify/callback");
    return config;
  }

  public static Service start(Vertx vertx, JsonObject config) {
    try {
      return Service.start(vertx, AppConfig.from(config)).await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Service did not start: " + e.getMessage(), e);
    }
  }

  public static SpotifySimulator simulator(Vertx vertx) {
    try {
      return SpotifySimulator.start(vertx, "127.0.0.1", 0).await(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path tempDir() {
    try {
      return Files.createTempDirectory("asta-test");
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static <T> T await(io.vertx.core.Future<T> future) {
    try {
      return future.await(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
