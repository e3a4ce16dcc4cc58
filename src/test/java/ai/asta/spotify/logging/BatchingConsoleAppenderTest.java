package ai.asta.spotify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BatchingConsoleAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private BatchingConsoleAppender appender(OutputStream target) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%msg%n");
    encoder.start();
    BatchingConsoleAppender appender = new BatchingConsoleAppender();
    appender.setContext(context);
    appender.setEncoder(encoder);
    appender.setOutputStream(target);
    appender.start();
    return appender;
  }

  private ILoggingEvent event(String message) {
    return new LoggingEvent(
        "test", context.getLogger("test"), Level.INFO, message, null, new Object[0]);
  }

  @Test
  void everyLineFromConcurrentThreadsIsWrittenOnceByStop() throws Exception {
    BatchingConsoleAppender appender = appender(out);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < 4; t += 1) {
      int thread = t;
      threads.add(
          new Thread(
              () -> {
                for (int i = 0; i < 5_000; i += 1) {
                  appender.doAppend(event("t" + thread + "-" + i));
                }
              }));
    }
    threads.forEach(Thread::start);
    for (Thread t : threads) {
      t.join();
    }
    appender.stop();

    String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
    assertThat(lines).hasSize(20_000);
    Set<String> distinct = new HashSet<>(List.of(lines));
    assertThat(distinct).hasSize(20_000).contains("t0-0", "t3-4999");
  }

  @Test
  void aLineReachesTheOutputWithinAFewFlushPeriods() throws Exception {
    BatchingConsoleAppender appender = appender(out);
    appender.doAppend(event("hello"));
    long end = System.currentTimeMillis() + 2_000;
    while (out.size() == 0 && System.currentTimeMillis() < end) {
      Thread.sleep(5);
    }
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("hello\n");
    appender.stop();
  }

  @Test
  void linesPastTheBoundAreDroppedAndCounted() throws Exception {
    CountDownLatch writing = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ByteArrayOutputStream sink = new ByteArrayOutputStream();
    // A console that hangs: the writer is stuck in its first flush until released.
    OutputStream hanging =
        new OutputStream() {
          @Override
          public void write(int b) {
            sink.write(b);
          }

          @Override
          public void write(byte[] b, int off, int len) {
            writing.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            sink.write(b, off, len);
          }
        };
    BatchingConsoleAppender appender = appender(hanging);
    appender.doAppend(event("first"));
    assertThat(writing.await(5, TimeUnit.SECONDS)).isTrue();

    for (int i = 0; i < BatchingConsoleAppender.MAX_QUEUED + 1_000; i += 1) {
      appender.doAppend(event("x"));
    }
    release.countDown();
    appender.stop();

    String written = sink.toString(StandardCharsets.UTF_8);
    assertThat(written.lines().filter("x"::equals).count())
        .isEqualTo(BatchingConsoleAppender.MAX_QUEUED);
    assertThat(written).startsWith("first\n").contains("[log-writer] 1000 log lines dropped");
  }
}
