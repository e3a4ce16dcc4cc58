package ai.asta.spotify.sandbox;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;

/**
 * A faithful stand-in for Spotify: the accounts service and the Web API on one loopback port,
 * behaving as SPOTIFY-FACTS.md records, failures included, plus the {@code /sim} control surface.
 * Tests start one per suite; sandbox mode starts one inside the service.
 */
public final class SpotifySimulator {
  private final SimulatorState state = new SimulatorState();
  private HttpServer server;
  private String baseUrl;

  private SpotifySimulator() {}

  /** Starts on {@code host:port} (port 0 = any free port). */
  public static Future<SpotifySimulator> start(Vertx vertx, String host, int port) {
    SpotifySimulator sim = new SpotifySimulator();
    Router router = Router.router(vertx);
    // The base URL is known only once bound; routes read it lazily through the simulator.
    HttpServer server = vertx.createHttpServer();
    return server
        .requestHandler(router)
        .listen(port, host)
        .map(
            s -> {
              sim.server = s;
              sim.baseUrl = "http://" + host + ":" + s.actualPort();
              new AccountsRoutes(vertx, sim.state).mount(router);
              new WebApiRoutes(vertx, sim.state, sim.baseUrl).mount(router);
              new ControlRoutes(sim.state).mount(router);
              return sim;
            });
  }

  public SimulatorState state() {
    return state;
  }

  /** The accounts service base, as SPOTIFY_ACCOUNTS_URL. */
  public String accountsUrl() {
    return baseUrl;
  }

  /** The Web API base with its version, as SPOTIFY_API_URL. */
  public String apiUrl() {
    return baseUrl + "/v1";
  }

  public int port() {
    return server.actualPort();
  }

  public Future<Void> close() {
    return server.close();
  }
}
