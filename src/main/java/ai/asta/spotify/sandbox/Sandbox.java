package ai.asta.spotify.sandbox;

import ai.asta.spotify.config.AppConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sandbox mode: the simulator runs inside the service, with an app registered for the service's
 * redirect URI and an account with a few devices, so the whole flow can be tried with no Spotify
 * account. Not real Spotify, and the log says so.
 */
public final class Sandbox {
  private static final Logger LOG = LoggerFactory.getLogger(Sandbox.class);
  public static final String CLIENT_ID = "sandbox-client-id";
  public static final String CLIENT_SECRET = "sandbox-client-secret";
  public static final String USER = "sandbox-user";

  private final SpotifySimulator simulator;

  private Sandbox(SpotifySimulator simulator) {
    this.simulator = simulator;
  }

  public static Future<Sandbox> start(Vertx vertx, AppConfig config) {
    return SpotifySimulator.start(vertx, "127.0.0.1", config.sandboxPort())
        .map(
            sim -> {
              SimulatorState state = sim.state();
              state.registerApp(CLIENT_ID, CLIENT_SECRET, "Asta (sandbox)", config.redirectUri());
              state.addUser(
                  new SimUser(USER, "Sandbox Listener")
                      .device(
                          new SimDevice(
                                  "a1b2c3d4e5f60718293a4b5c6d7e8f9012345678",
                                  "Living Room Speaker",
                                  "Speaker")
                              .active(true)
                              .volume(40, true))
                      .device(
                          new SimDevice(
                                  "0f1e2d3c4b5a69788796a5b4c3d2e1f012345678",
                                  "Pixel Phone",
                                  "Smartphone")
                              .volume(70, true))
                      .device(
                          new SimDevice(
                                  "9988776655443322110099887766554433221100",
                                  "Office Laptop",
                                  "Computer")
                              .volume(null, false)));
              LOG.warn(
                  "SANDBOX MODE: Spotify is simulated at {} (not real Spotify). App client id {}, user"
                      + " {}; control surface at {}/sim",
                  sim.accountsUrl(),
                  CLIENT_ID,
                  USER,
                  sim.accountsUrl());
              return new Sandbox(sim);
            });
  }

  /** The service's configuration pointed at the simulator, with the sandbox app as fallback. */
  public AppConfig configure(AppConfig config) {
    AppConfig pointed = config.withSpotifyEndpoints(simulator.accountsUrl(), simulator.apiUrl());
    return config.spotifyClientId().isPresent()
        ? pointed
        : pointed.withSpotifyApp(CLIENT_ID, CLIENT_SECRET);
  }

  public SpotifySimulator simulator() {
    return simulator;
  }
}
