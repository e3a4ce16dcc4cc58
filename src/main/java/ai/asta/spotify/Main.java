package ai.asta.spotify;

import ai.asta.spotify.config.ConfigException;
import ai.asta.spotify.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service: loads the configuration, starts Vert.x and {@link Service}. On SIGTERM the
 * HTTP server stops accepting and lets in-flight requests finish (their bus consumers are still
 * there), then Vert.x closes, and the process exits 0.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    AtomicReference<Service> service = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping: letting in-flight requests finish");
                  try {
                    Service running = service.get();
                    if (running != null) {
                      running.stopAccepting().await(60, TimeUnit.SECONDS);
                    }
                    vertx.close().await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("Stopped with: {}", e.toString());
                  }
                  LOG.info("Stopped");
                  // A clean stop on SIGTERM is a success: exit 0, not the JVM's default 143.
                  Runtime.getRuntime().halt(0);
                },
                "asta-shutdown"));
    try {
      service.set(
          ConfigLoader.load(vertx)
              .compose(config -> Service.start(vertx, config))
              .await(60, TimeUnit.SECONDS));
      LOG.info(
          "asta-spotify ready at {} in {} ms",
          service.get().url(),
          (System.nanoTime() - started) / 1_000_000);
    } catch (ConfigException e) {
      fail("Configuration error: " + e.getMessage());
    } catch (Exception e) {
      Throwable cause = e.getCause() instanceof ConfigException ? e.getCause() : e;
      fail(
          (cause instanceof ConfigException ? "Configuration error: " : "Start-up failed: ")
              + cause.getMessage());
    }
  }

  private static void fail(String message) {
    LOG.error(message);
    System.err.println(message);
    Runtime.getRuntime().halt(2);
  }
}
