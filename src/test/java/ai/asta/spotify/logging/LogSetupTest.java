package ai.asta.spotify.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class LogSetupTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  private String logged(String format, String level) {
    BatchingConsoleAppender appender = LogSetup.configure(context, format, level, out);
    context.getLogger("ai.asta.spotify.Example").info("linked user {}", "u1");
    context.getLogger("ai.asta.spotify.Example").debug("a detail");
    context.getLogger("io.netty.Noisy").info("not shown");
    appender.stop();
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void textLinesForPeopleByDefault() {
    String text = logged(null, null);
    assertThat(text.lines())
        .singleElement()
        .asString()
        .matches(
            "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} INFO  \\[.+] a\\.a\\.spotify\\.Example - linked user u1");
  }

  @Test
  void oneJsonObjectPerLineWithTheFormattedMessage() {
    String json = logged("json", "INFO");
    assertThat(json.lines()).hasSize(1);
    JsonObject line = new JsonObject(json.lines().findFirst().orElseThrow());
    assertThat(line.getString("level")).isEqualTo("INFO");
    assertThat(line.getString("loggerName")).isEqualTo("ai.asta.spotify.Example");
    assertThat(line.getString("formattedMessage")).isEqualTo("linked user u1");
    assertThat(line.containsKey("arguments")).isFalse();
  }

  @Test
  void theLevelComesFromItsNameAndAnUnknownNameMeansInfo() {
    assertThat(logged("TEXT", "debug")).contains("a detail");
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.DEBUG);
    LoggerContext other = new LoggerContext();
    LogSetup.configure(other, null, "LOUD", new ByteArrayOutputStream()).stop();
    assertThat(other.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
  }

  @Test
  void stepsAsideForTheTestsOwnFile() {
    // logback-test.xml is on the test class path: logback must go on and read it.
    LogSetup setup = new LogSetup();
    setup.setContext(context);
    assertThat(setup.configure(context)).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext())
        .isFalse();
  }
}
