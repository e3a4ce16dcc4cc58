package ai.asta.spotify.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.io.OutputStream;
import org.slf4j.Logger;

/**
 * The service's logging, configured in code (found by logback through {@code META-INF/services}):
 * reading an XML configuration cost about half a second of every start-up. Text lines for people,
 * or one JSON object per line with {@code ASTA_LOG_FORMAT=JSON}; the root level from {@code
 * ASTA_LOG_LEVEL} (default INFO). Lines are written in batches by a thread of their own ({@link
 * BatchingConsoleAppender}), so a slow console never holds an event loop.
 *
 * <p>An operator's own file ({@code -Dlogback.configurationFile=...}) and the tests' {@code
 * logback-test.xml} still win: this steps aside and logback reads them as usual.
 */
public final class LogSetup extends ContextAwareBase implements Configurator {
  static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{20} - %msg%n";

  @Override
  public ExecutionStatus configure(LoggerContext context) {
    if (System.getProperty("logback.configurationFile") != null
        || LogSetup.class.getClassLoader().getResource("logback-test.xml") != null) {
      return ExecutionStatus.INVOKE_NEXT_IF_ANY;
    }
    configure(context, System.getenv("ASTA_LOG_FORMAT"), System.getenv("ASTA_LOG_LEVEL"), null);
    return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
  }

  /**
   * The configuration itself, for a format (TEXT or JSON) and a level (logback's names; anything
   * else is INFO), writing to {@code target} or, when null, to standard output.
   */
  static BatchingConsoleAppender configure(
      LoggerContext context, String format, String level, OutputStream target) {
    Encoder<ILoggingEvent> encoder =
        "JSON".equalsIgnoreCase(format) ? json(context) : text(context);
    encoder.start();
    BatchingConsoleAppender out = new BatchingConsoleAppender();
    out.setContext(context);
    out.setName("OUT");
    out.setEncoder(encoder);
    if (target != null) {
      out.setOutputStream(target);
    }
    out.start();
    ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.toLevel(level, Level.INFO));
    root.addAppender(out);
    context.getLogger("io.netty").setLevel(Level.WARN);
    context.getLogger("com.hazelcast").setLevel(Level.WARN);
    return out;
  }

  private static Encoder<ILoggingEvent> text(LoggerContext context) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    return encoder;
  }

  /** The message as formatted, without MDC, arguments or sequence numbers. */
  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithMDC(false);
    encoder.setWithArguments(false);
    encoder.setWithMessage(false);
    encoder.setWithFormattedMessage(true);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    return encoder;
  }
}
