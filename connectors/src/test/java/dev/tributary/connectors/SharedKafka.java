package dev.tributary.connectors;

import dev.tributary.core.kafka.EmbeddedKafka;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * One embedded broker for the Debezium test classes of a JVM (a broker start is many seconds on a
 * loaded machine); each test uses its own source id, database and topics. Stopped at JVM exit.
 */
final class SharedKafka {
  private static EmbeddedKafka kafka;

  private SharedKafka() {}

  static synchronized EmbeddedKafka get() {
    if (kafka == null) {
      Path dir = Paths.get("target", "debezium-it-kafka").toAbsolutePath();
      try {
        if (Files.exists(dir)) {
          try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
              Files.delete(p);
            }
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      EmbeddedKafka k = EmbeddedKafka.start(dir);
      Runtime.getRuntime().addShutdownHook(new Thread(k::close, "debezium-it-kafka-stop"));
      kafka = k;
    }
    return kafka;
  }
}
