package ai.asta.spotify;

import ai.asta.spotify.config.ConfigException;
import ai.asta.spotify.config.ConfigLoader;
import io.vertx.core.Vertx;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the service: loads the configuration, starts Vert.x and {@link Service}. SIGTERM closes
 * Vert.x, which undeploys the verticles; the HTTP verticle lets in-flight requests finish first.
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) throws InterruptedException {
    long started = System.nanoTime();
    Vertx vertx = Vertx.vertx();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info("Stopping: letting in-flight requests finish");
                  try {
                    vertx.close().await(60, TimeUnit.SECONDS);
                  } catch (Exception e) {
                    LOG.warn("Stopped with: {}", e.toString());
                  }
                  LOG.info("Stopped");
                  stopped.countDown();
                },
                "asta-shutdown"));
    try {
      Service service =
          ConfigLoader.load(vertx)
              .compose(config -> Service.start(vertx, config))
              .await(60, TimeUnit.SECONDS);
      LOG.info(
          "asta-spotify ready at {} in {} ms",
          service.url(),
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
