package dev.tributary.examples.orders;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.nio.file.Path;
import java.util.logging.LogManager;
import org.slf4j.LoggerFactory;

/**
 * Sends every log line (Kafka, Kafka Streams, S3Proxy, GreenMail, Tributary) to a file instead of
 * the terminal, so the demo's own lines are all a user sees.
 */
public final class DemoLogging {
  private DemoLogging() {}

  /**
   * Logs INFO and up (WARN for the chattiest libraries) to {@code file}, nothing to the console.
   */
  public static void toFile(Path file) {
    // java.util.logging (jclouds, the JDK's HTTP server) would print to stderr
    LogManager.getLogManager().reset();
    if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
      return; // another SLF4J binding: its configuration is the user's
    }
    context.reset();
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern("%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %msg%n");
    encoder.start();
    FileAppender<ILoggingEvent> appender = new FileAppender<>();
    appender.setContext(context);
    appender.setName("demo-file");
    appender.setFile(file.toString());
    appender.setAppend(false);
    appender.setEncoder(encoder);
    appender.start();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(Level.INFO);
    root.addAppender(appender);
    for (String chatty :
        new String[] {
          "org.apache.kafka",
          "kafka",
          "org.eclipse.jetty",
          "org.gaul",
          "org.jclouds",
          "com.icegreen",
          "software.amazon",
          "org.apache.hc",
          "org.opensearch"
        }) {
      context.getLogger(chatty).setLevel(Level.WARN);
    }
  }
}
