package ai.asta.spotify.bus;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runnable example of another JVM service calling asta-spotify over the clustered event bus: it
 * joins the cluster (no HTTP), lists a user's devices and plays a track.
 *
 * <pre>
 * java -cp target/asta-spotify.jar ai.asta.spotify.bus.BusClientExample \
 *     127.0.0.1:5701 default spotify:track:4cOdK2wGLETKBW3PvgPWqT
 * </pre>
 */
public final class BusClientExample {
  private BusClientExample() {}

  public static void main(String[] args) throws Exception {
    if (args.length < 2) {
      System.err.println("usage: BusClientExample <member host:port,...> <user> [track_uri]");
      System.exit(2);
    }
    List<String> members = List.of(args[0].split(","));
    Vertx vertx =
        ClusteredVertx.start("127.0.0.1", 5801, "", members, 0, new VertxOptions())
            .await(60, TimeUnit.SECONDS);
    try {
      SpotifyBusClient spotify = new SpotifyBusClient(vertx);
      System.out.println(
          "devices: " + spotify.devices(args[1]).await(30, TimeUnit.SECONDS).encode());
      if (args.length > 2) {
        System.out.println(
            "play: " + spotify.play(args[1], args[2], null).await(30, TimeUnit.SECONDS).encode());
      }
    } catch (BusError e) {
      System.out.println("failed with " + e.status() + ": " + e.toJson().encode());
    } finally {
      vertx.close().await(30, TimeUnit.SECONDS);
    }
  }
}
