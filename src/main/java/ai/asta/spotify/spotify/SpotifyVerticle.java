package ai.asta.spotify.spotify;

import ai.asta.spotify.bus.BusConsumers;
import ai.asta.spotify.bus.BusContract;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.metrics.Metrics;
import ai.asta.spotify.store.CredentialStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/** Makes the Spotify Web API calls of the player addresses. */
public final class SpotifyVerticle extends VerticleBase {
  private final AppConfig config;
  private final CredentialStore store;
  private final Metrics metrics;
  private WebClient http;

  /** Connections to Spotify per event loop. */
  private static final int MAX_CONNECTIONS = 64;

  public SpotifyVerticle(AppConfig config, CredentialStore store, Metrics metrics) {
    this.config = config;
    this.store = store;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    // Vert.x keeps 5 connections per host by default; under load, requests then queue for a
    // connection rather than for Spotify. Idle ones close after a minute.
    http =
        WebClient.create(
            vertx,
            new WebClientOptions()
                .setUserAgent("asta-spotify")
                .setKeepAlive(true)
                .setKeepAliveTimeout(60),
            new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS));

    WebApiClient api =
        new WebApiClient(http, config.spotifyApiUrl(), config.spotifyTimeoutMs(), metrics);
    UserCalls calls =
        new UserCalls(
            vertx,
            api,
            new RateLimitGate(store, metrics),
            store,
            config.refreshMarginSeconds() * 1000L,
            config.spotifyRetryBudgetMs());
    Player player = new Player(calls, store);
    Controls controls = new Controls(calls, player);
    return new BusConsumers(vertx)
        .serve(BusContract.DEVICES, req -> player.devices(BusContract.user(req)))
        .serve(BusContract.PLAY, req -> player.play(BusContract.user(req), req))
        .serve(BusContract.PAUSE, req -> controls.pause(BusContract.user(req), req))
        .serve(BusContract.RESUME, req -> controls.resume(BusContract.user(req), req))
        .serve(BusContract.VOLUME, req -> controls.volume(BusContract.user(req), req))
        .serve(BusContract.TRANSFER, req -> controls.transfer(BusContract.user(req), req))
        .serve(BusContract.NOW_PLAYING, req -> controls.nowPlaying(BusContract.user(req)))
        .serve(BusContract.PLAY_SEARCH, req -> controls.searchAndPlay(BusContract.user(req), req))
        .ready();
  }

  @Override
  public Future<?> stop() {
    if (http != null) {
      http.close();
    }
    return Future.succeededFuture();
  }
}
