package dev.tributary.worker.internal;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.LoggerFactory;

/**
 * The worker's logs: one line per event on standard output (standard error for the other commands),
 * as text or as one JSON object per line (Logback's {@link JsonEncoder}); Tributary's loggers at
 * the configured level, everything else (Kafka's clients are chatty) at WARN.
 */
public final class LogSetup {
  private LogSetup() {}

  /**
   * For the inspecting commands: the Kafka clients' warnings (a broker not reachable yet) would
   * bury the one line the command prints; its own error says what went wrong.
   */
  public static void quietKafkaClients() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      ctx.getLogger("org.apache.kafka").setLevel(Level.ERROR);
    }
  }

  /**
   * Every command's start: warnings and errors only, on standard error, whatever logback.xml the
   * class path carries, so standard output holds only what a command prints (JSON for the
   * machine-readable ones). The worker then moves its logs to standard output ({@link #configure}).
   * A {@code -Dlogback.configurationFile} the user gave is left alone.
   */
  public static void commandLineDefaults() {
    if (System.getProperty("logback.configurationFile") != null
        || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return;
    }
    configure("text", "WARN", true);
    ctx.getLogger("org.apache.kafka").setLevel(Level.ERROR);
    ctx.getLogger("kafka").setLevel(Level.ERROR);
  }

  /** The worker's logs on standard output. */
  public static void configure(String format, String level) {
    configure(format, level, false);
  }

  /** Logs as {@code format} at {@code level}, on standard error when {@code toStderr}. */
  public static void configure(String format, String level, boolean toStderr) {
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
      return; // another SLF4J binding is in charge
    }
    ctx.reset();
    Encoder<ILoggingEvent> encoder;
    if (format.equals("json")) {
      JsonEncoder json = new JsonEncoder();
      json.setContext(ctx);
      json.start();
      encoder = json;
    } else {
      PatternLayoutEncoder text = new PatternLayoutEncoder();
      text.setContext(ctx);
      text.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{30} - %msg%n");
      text.start();
      encoder = text;
    }
    ConsoleAppender<ILoggingEvent> out = new ConsoleAppender<>();
    out.setContext(ctx);
    out.setName(toStderr ? "stderr" : "stdout");
    out.setTarget(toStderr ? "System.err" : "System.out");
    out.setEncoder(encoder);
    out.start();
    Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.WARN);
    root.addAppender(out);
    ctx.getLogger("dev.tributary").setLevel(Level.toLevel(level, Level.INFO));
    // a function's own output (stdout / stderr of its processes), logged under
    // tributary.function.<name>
    ctx.getLogger("tributary.function").setLevel(Level.toLevel(level, Level.INFO));
  }
}
