package ai.asta.spotify;

import ai.asta.spotify.bus.ClusteredVertx;
import ai.asta.spotify.config.AppConfig;
import ai.asta.spotify.config.ConfigException;
import ai.asta.spotify.config.ConfigLoader;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.lang.management.ManagementFactory;
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
    AppConfig config;
    try {
      config = loadConfig();
      config.validate();
    } catch (Exception e) {
      Throwable cause = e instanceof ConfigException ? e : e.getCause();
      fail("Configuration error: " + (cause == null ? e : cause).getMessage());
      return;
    }
    Vertx vertx;
    try {
      vertx =
          config.cluster()
              ? ClusteredVertx.start(
                      config.clusterHost(),
                      config.clusterPort(),
                      config.clusterPublicHost(),
                      config.clusterMembers(),
                      config.eventBusPort(),
                      vertxOptions())
                  .await(120, TimeUnit.SECONDS)
              : Vertx.vertx(vertxOptions());
    } catch (Exception e) {
      fail("Cannot join the cluster " + config.clusterMembers() + ": " + e.getMessage());
      return;
    }
    AtomicReference<Service> service = new AtomicReference<>();
    Runtime.getRuntime()
        .addShutdownHook(new Thread(() -> stop(vertx, service.get()), "asta-shutdown"));
    try {
      service.set(Service.start(vertx, config).await(60, TimeUnit.SECONDS));
      LOG.info(
          "asta-spotify ready at {} in {} ms (public base URL {}){}",
          service.get().url(),
          // Since the JVM started: what an operator waits for, class loading and logging included.
          ManagementFactory.getRuntimeMXBean().getUptime(),
          config.baseUrl(),
          config.cluster() ? " (clustered event bus)" : "");
    } catch (Exception e) {
      Throwable cause = e instanceof ConfigException || e.getCause() == null ? e : e.getCause();
      fail(
          (cause instanceof ConfigException ? "Configuration error: " : "Start-up failed: ")
              + cause.getMessage());
    }
  }

  /** Reads the configuration with a short-lived Vert.x: the real one may have to be clustered. */
  private static AppConfig loadConfig() throws Exception {
    Vertx bootstrap = Vertx.vertx();
    try {
      return ConfigLoader.load(bootstrap).await(30, TimeUnit.SECONDS);
    } finally {
      bootstrap.close().await(30, TimeUnit.SECONDS);
    }
  }

  /**
   * One event loop per core rather than Vert.x's default of two: every verticle is deployed once
   * per core, and extra loops only add thread hand-offs (measured in docs/PERFORMANCE.md).
   */
  static VertxOptions vertxOptions() {
    return new VertxOptions()
        .setEventLoopPoolSize(Math.max(1, Runtime.getRuntime().availableProcessors()));
  }

  private static void stop(Vertx vertx, Service running) {
    LOG.info("Stopping: letting in-flight requests finish");
    try {
      if (running != null) {
        running.stopAccepting().await(60, TimeUnit.SECONDS);
      }
      vertx.close().await(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Stopped with: {}", e.toString());
    }
    LOG.info("Stopped");
    flushLogs();
    // A clean stop on SIGTERM is a success: exit 0, not the JVM's default 143.
    Runtime.getRuntime().halt(0);
  }

  private static void fail(String message) {
    LOG.error(message);
    flushLogs();
    System.err.println(message);
    Runtime.getRuntime().halt(2);
  }

  /** Logging is asynchronous: drain it before the process halts. */
  private static void flushLogs() {
    if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext context) {
      context.stop();
    }
  }
}
