package ai.asta.spotify.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * A small typed client for services on the event bus (in this JVM or, with {@link ClusteredVertx},
 * anywhere in the cluster). Each call is one request on a public address of {@link BusContract}; a
 * failure is a {@link BusError} with the HTTP status and reason the REST API would answer.
 */
public final class SpotifyBusClient {
  private final Vertx vertx;

  public SpotifyBusClient(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<JsonObject> status(String user) {
    return send(BusContract.STATUS, forUser(user));
  }

  public Future<JsonObject> devices(String user) {
    return send(BusContract.DEVICES, forUser(user));
  }

  /**
   * @param deviceId null to play on the active (or last used, or only) device
   */
  public Future<JsonObject> play(String user, String trackUri, String deviceId) {
    return send(
        BusContract.PLAY, forUser(user).put("track_uri", trackUri).put("device_id", deviceId));
  }

  public Future<JsonObject> playSearch(String user, String query) {
    return send(BusContract.PLAY_SEARCH, forUser(user).put("query", query));
  }

  public Future<JsonObject> pause(String user) {
    return send(BusContract.PAUSE, forUser(user));
  }

  public Future<JsonObject> resume(String user) {
    return send(BusContract.RESUME, forUser(user));
  }

  public Future<JsonObject> nowPlaying(String user) {
    return send(BusContract.NOW_PLAYING, forUser(user));
  }

  private static JsonObject forUser(String user) {
    return new JsonObject().put("user", user);
  }

  private Future<JsonObject> send(String address, JsonObject request) {
    return vertx
        .eventBus()
        .<JsonObject>request(address, request, BusContract.options())
        .map(reply -> reply.body())
        .recover(e -> Future.failedFuture(BusError.parse(e)));
  }
}
