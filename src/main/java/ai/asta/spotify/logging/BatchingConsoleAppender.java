package ai.asta.spotify.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to standard output in batches, from a thread of its own, without ever blocking
 * or waking anyone on the logging side.
 *
 * <p>Why not logback's AsyncAppender in front of a ConsoleAppender: with one access-log line per
 * request, its blocking queue woke the writer thread for nearly every line (a futex call each) and
 * the console wrote each line with a system call of its own; together a quarter of the CPU under
 * load (docs/PERFORMANCE.md). Here the calling thread encodes the line and adds it to a lock-free
 * queue; the writer wakes every {@link #FLUSH_MS} ms, writes everything queued through one buffer
 * and flushes once. A line therefore reaches the console within about 10 ms.
 *
 * <p>Past {@link #MAX_QUEUED} waiting lines (the console cannot keep up) new lines are dropped and
 * counted, and the count is written as a line of its own: memory stays bounded and an event loop
 * never waits for a console.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  static final long FLUSH_MS = 10;
  static final int MAX_QUEUED = 65_536;

  private final ConcurrentLinkedQueue<byte[]> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private Encoder<ILoggingEvent> encoder;
  private OutputStream out = new FileOutputStream(FileDescriptor.out);
  private Thread writer;

  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = encoder;
  }

  /** For tests: where the lines go instead of standard output. */
  void setOutputStream(OutputStream out) {
    this.out = out;
  }

  @Override
  public void start() {
    if (encoder == null) {
      addError("No encoder set for the appender named " + name);
      return;
    }
    writer = new Thread(this::writeLoop, "log-writer");
    writer.setDaemon(true);
    super.start();
    writer.start();
  }

  @Override
  protected void append(ILoggingEvent event) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.add(encoder.encode(event));
  }

  /** Writes what is queued, then stops: lines logged before shutdown are not lost. */
  @Override
  public void stop() {
    super.stop();
    if (writer != null) {
      LockSupport.unpark(writer);
      try {
        writer.join(TimeUnit.SECONDS.toMillis(2));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void writeLoop() {
    try (OutputStream buffered = new BufferedOutputStream(out, 64 * 1024)) {
      while (isStarted()) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(FLUSH_MS));
        drainTo(buffered);
      }
      drainTo(buffered);
    } catch (IOException e) {
      addError("Cannot write log lines", e);
    }
  }

  private void drainTo(OutputStream buffered) throws IOException {
    boolean wrote = false;
    for (byte[] line = queue.poll(); line != null; line = queue.poll()) {
      queued.decrementAndGet();
      buffered.write(line);
      wrote = true;
    }
    long lost = dropped.getAndSet(0);
    if (lost > 0) {
      buffered.write(
          ("[log-writer] " + lost + " log lines dropped: the console could not keep up\n")
              .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      wrote = true;
    }
    if (wrote) {
      buffered.flush();
    }
  }
}
