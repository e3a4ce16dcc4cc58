package ai.asta.spotify.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The service's meters, scraped at {@code GET /metrics} in Prometheus format. Labels are closed
 * sets (route templates, Spotify endpoints, outcomes): never a user id, a token or a URL with its
 * query.
 */
public final class Metrics {
  private final PrometheusMeterRegistry registry =
      new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

  private final AtomicLong linkedUsers = new AtomicLong();
  private final Map<String, Timer> timers = new ConcurrentHashMap<>();

  public Metrics() {
    Gauge.builder("asta.linked.users", linkedUsers, AtomicLong::get)
        .description("Users with a Spotify link stored (recounted periodically and on changes)")
        .register(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmGcMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
  }

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** One REST request, by route template, method and status. */
  public void httpRequest(String method, String route, int status, long nanos) {
    timer(
            "asta.http.server.requests",
            "REST requests by route and status",
            "method",
            method,
            "route",
            route,
            "status",
            Integer.toString(status))
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * One call to Spotify.
   *
   * @param endpoint method and path without query, e.g. {@code PUT /me/player/play}
   * @param status the HTTP status, or {@code error} when no answer came
   */
  public void spotifyCall(String endpoint, String status, long nanos) {
    timer(
            "asta.spotify.requests",
            "Calls to Spotify by endpoint and status",
            "endpoint",
            endpoint,
            "status",
            status)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * A histogram timer, looked up once per label set: building and registering one per request
   * (Micrometer sorts and hashes its tags each time) showed in profiles.
   */
  private Timer timer(String name, String description, String... tags) {
    String id = name + String.join("\u0000", tags);
    Timer known = timers.get(id);
    if (known != null) {
      return known;
    }
    return timers.computeIfAbsent(
        id,
        k ->
            Timer.builder(name)
                .description(description)
                .tags(tags)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(30))
                .register(registry));
  }

  /** A token refresh that reached Spotify: ok, revoked, transient, invalid_client, rejected. */
  public void refresh(String outcome) {
    counter(
        "asta.token.refreshes", "Token refreshes sent to Spotify by outcome", "outcome", outcome);
  }

  /** spotify: Spotify answered 429; shared_window: a call held back by another instance's 429. */
  public void rateLimited(String source) {
    counter("asta.rate.limit.waits", "Requests answered 429 by cause", "source", source);
  }

  public void storeError(String operation) {
    counter(
        "asta.store.errors", "Store operations that failed or timed out", "operation", operation);
  }

  /** A link made (linked) or dropped (disconnected, revoked). */
  public void link(String event) {
    counter("asta.links", "Spotify links made and dropped", "event", event);
    linksChanged.run();
  }

  private volatile Runnable linksChanged = () -> {};

  /** Called after every link made or dropped (the token verticle recounts linked users). */
  public void onLinksChanged(Runnable action) {
    this.linksChanged = action;
  }

  private void counter(String name, String description, String tag, String value) {
    Counter.builder(name).description(description).tag(tag, value).register(registry).increment();
  }

  public void linkedUsers(long count) {
    linkedUsers.set(count);
  }

  public String scrape() {
    return registry.scrape();
  }
}
