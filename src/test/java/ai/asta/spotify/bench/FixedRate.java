package ai.asta.spotify.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * Benchmark helper: an open-loop load generator. It sends requests at a fixed rate, whatever the
 * answers do, and measures each latency from the moment the request was due, not from when it could
 * be sent (so a stall shows in the figures instead of hiding: no coordinated omission). wrk only
 * measures at saturation; this measures latency at a chosen rate, e.g. half the peak.
 *
 * <p>Usage: FixedRate url rate_per_second seconds [METHOD] [json_body] [bearer_token]. Prints one
 * line: rate achieved, errors, p50/p90/p99 in microseconds. The first quarter of the run warms up
 * and is not counted.
 */
public final class FixedRate {
  private FixedRate() {}

  public static void main(String[] args) throws Exception {
    String url = args[0];
    int rate = Integer.parseInt(args[1]);
    int seconds = Integer.parseInt(args[2]);
    HttpMethod method = HttpMethod.valueOf(args.length > 3 ? args[3] : "GET");
    Buffer body = args.length > 4 && !args[4].isEmpty() ? Buffer.buffer(args[4]) : null;
    String bearer = args.length > 5 ? args[5] : null;

    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    HttpClient client =
        vertx.createHttpClient(
            new HttpClientOptions().setKeepAlive(true), new PoolOptions().setHttp1MaxSize(256));
    Histogram latencies = new Histogram(TimeUnit.SECONDS.toMicros(30), 3);
    AtomicLong errors = new AtomicLong();
    AtomicLong counted = new AtomicLong();
    long total = (long) rate * seconds;
    long warmup = total / 4;
    CountDownLatch done = new CountDownLatch((int) total);
    long intervalNanos = 1_000_000_000L / rate;
    long start = System.nanoTime() + 100_000_000L;

    // Every millisecond, send whatever became due: timers finer than that are not reliable.
    AtomicLong next = new AtomicLong();
    vertx.setPeriodic(
        1,
        t -> {
          long now = System.nanoTime();
          while (next.get() < total && start + next.get() * intervalNanos <= now) {
            long i = next.getAndIncrement();
            long due = start + i * intervalNanos;
            RequestOptions options = new RequestOptions().setAbsoluteURI(url).setMethod(method);
            if (body != null) {
              options.putHeader("Content-Type", "application/json");
            }
            if (bearer != null) {
              options.putHeader("Authorization", "Bearer " + bearer);
            }
            client
                .request(options)
                .compose(req -> body == null ? req.send() : req.send(body))
                .compose(resp -> resp.body().map(b -> resp.statusCode()))
                .onComplete(
                    ar -> {
                      if (i >= warmup) {
                        if (ar.failed() || ar.result() >= 400) {
                          errors.incrementAndGet();
                        }
                        latencies.recordValue(
                            Math.max(0, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - due)));
                        counted.incrementAndGet();
                      }
                      done.countDown();
                    });
          }
          if (next.get() >= total) {
            vertx.cancelTimer(t);
          }
        });
    done.await(seconds + 60L, TimeUnit.SECONDS);
    double elapsed = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "rate %d/s asked, %.0f/s sent; counted %d (after %d warm-up), errors %d;"
            + " latency us p50 %d p90 %d p99 %d max %d%n",
        rate,
        total / elapsed,
        counted.get(),
        warmup,
        errors.get(),
        latencies.getValueAtPercentile(50),
        latencies.getValueAtPercentile(90),
        latencies.getValueAtPercentile(99),
        latencies.getMaxValue());
    vertx.close().await(10, TimeUnit.SECONDS);
  }
}
