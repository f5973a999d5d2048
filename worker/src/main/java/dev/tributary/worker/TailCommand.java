package dev.tributary.worker;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.EventName;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.worker.config.internal.Durations;
import dev.tributary.worker.internal.EventFilter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tributary tail}: a change topic, a lane or any topic of change events as JSON lines. */
@Command(
    name = "tail",
    mixinStandardHelpOptions = true,
    description = {
      "Print the change events of a change topic, a lane or a dead-letter topic as JSON lines",
      "(each exactly a DynamoDB Streams record), optionally filtered. Reads committed records only",
      "and joins no consumer group, so it disturbs nothing.",
      "",
      "Examples:",
      "  tributary tail --config tributary.yaml --table Orders --from beginning --max 10",
      "  tributary tail --config tributary.yaml --lane orders/email --event-name MODIFY",
      "  tributary tail --bootstrap-servers localhost:9092 --topic tributary.changes.Orders --key-prefix CUST-"
    })
final class TailCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @ArgGroup(exclusive = true)
  Source source;

  static final class Source {
    @Option(
        names = "--lane",
        paramLabel = "PIPELINE/HANDLER",
        description = "A lane: what one handler receives.")
    String lane;

    @Option(
        names = "--dlq",
        paramLabel = "PIPELINE/HANDLER",
        description = "A handler's dead-letter topic.")
    String dlq;

    @Option(names = "--topic", paramLabel = "TOPIC", description = "Any topic of change events.")
    String topic;
  }

  @Option(
      names = "--table",
      paramLabel = "TABLE",
      split = ",",
      description = "Only events of these tables; alone, it reads the first table's change topic.")
  List<String> tables = new ArrayList<>();

  @Option(
      names = "--event-name",
      paramLabel = "NAME",
      split = ",",
      description = "Only INSERT, MODIFY and/or REMOVE.")
  List<String> eventNames = new ArrayList<>();

  @Option(
      names = "--key-prefix",
      paramLabel = "PREFIX",
      description = "Only events with a string key attribute starting with PREFIX.")
  String keyPrefix;

  @Option(
      names = "--from",
      defaultValue = "end",
      paramLabel = "beginning|end|TIME",
      description =
          "Where to start: beginning, end (default: only new events), an ISO-8601 time"
              + " (2025-01-15T10:30:00Z) or a time ago (30m, 2h).")
  String from;

  @Option(names = "--max", paramLabel = "N", description = "Stop after N events.")
  Long max;

  @Option(
      names = "--idle-timeout",
      paramLabel = "DURATION",
      description =
          "Stop when nothing arrives for this long (e.g. 5s); default: follow until Ctrl-C.")
  String idleTimeout;

  /** Released by a test to stop following. */
  final CountDownLatch stop = new CountDownLatch(1);

  @Override
  public Integer call() {
    String topic = topic();
    EventFilter filter =
        new EventFilter(eventNames(), tables, Optional.ofNullable(keyPrefix), Optional.empty());
    Duration idle = idleTimeout == null ? null : duration(idleTimeout, "--idle-timeout");
    if (max != null && max < 1) {
      throw new UsageException("--max must be at least 1, was " + max);
    }
    Map<String, Object> c = new HashMap<>(kafka.reachableClientConfig());
    c.put("isolation.level", "read_committed");
    c.put("enable.auto.commit", false);
    PrintWriter out = spec.commandLine().getOut();
    long printed = 0;
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(30));
      if (infos == null || infos.isEmpty()) {
        throw new UsageException("topic " + topic + " does not exist");
      }
      List<TopicPartition> parts =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      position(consumer, parts);
      long lastRecord = System.nanoTime();
      while (stop.getCount() > 0) {
        var records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
          lastRecord = System.nanoTime();
        } else if (idle != null && System.nanoTime() - lastRecord > idle.toNanos()) {
          break;
        }
        for (ConsumerRecord<byte[], byte[]> r : records) {
          String json =
              new String(r.value() == null ? new byte[0] : r.value(), StandardCharsets.UTF_8);
          ChangeEvent e;
          try {
            e = ChangeEventJson.fromJson(json);
          } catch (RuntimeException notAnEvent) {
            continue; // tail prints change events; other records (tombstones) are skipped
          }
          String line = ChangeEventJson.toJson(e);
          if (filter.matches(e, line)) {
            out.println(line);
            if (max != null && ++printed >= max) {
              out.flush();
              return 0;
            }
          }
        }
        out.flush();
      }
    }
    return 0;
  }

  private void position(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> parts) {
    switch (from) {
      case "beginning" -> consumer.seekToBeginning(parts);
      case "end" -> consumer.seekToEnd(parts);
      default -> {
        Instant at = instant(from);
        Map<TopicPartition, Long> query = new HashMap<>();
        parts.forEach(p -> query.put(p, at.toEpochMilli()));
        Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(query);
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
        for (TopicPartition p : parts) {
          OffsetAndTimestamp o = found.get(p);
          consumer.seek(p, o == null ? ends.get(p) : o.offset());
        }
      }
    }
  }

  private String topic() {
    if (source != null && source.topic != null) {
      return source.topic;
    }
    if (source != null && (source.lane != null || source.dlq != null)) {
      boolean lane = source.lane != null;
      String ref = lane ? source.lane : source.dlq;
      int slash = ref.indexOf('/');
      if (slash <= 0 || slash == ref.length() - 1) {
        throw new UsageException(
            (lane ? "--lane" : "--dlq") + " must be PIPELINE/HANDLER, was '" + ref + "'");
      }
      String pipeline = ref.substring(0, slash);
      String handler = ref.substring(slash + 1);
      if (kafka.config == null) {
        return lane
            ? Topics.laneTopic(pipeline, handler)
            : Topics.deadLetterTopic(pipeline, handler);
      }
      Pipeline p = kafka.pipeline(pipeline);
      KafkaTarget.handler(p, handler);
      return lane ? p.laneTopic(handler) : p.deadLetterTopic(handler);
    }
    if (!tables.isEmpty()) {
      return Topics.changeTopic(tables.get(0));
    }
    throw new UsageException(
        "say what to tail: --table TABLE, --lane PIPELINE/HANDLER, --dlq PIPELINE/HANDLER or --topic TOPIC");
  }

  private Set<EventName> eventNames() {
    Set<EventName> out = EnumSet.noneOf(EventName.class);
    for (String n : eventNames) {
      try {
        out.add(EventName.valueOf(n.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new UsageException("--event-name must be INSERT, MODIFY or REMOVE, was '" + n + "'");
      }
    }
    return out;
  }

  static Instant instant(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException notAnInstant) {
      try {
        return Instant.now().minus(Durations.parse(text));
      } catch (IllegalArgumentException notADuration) {
        throw new UsageException(
            "--from must be beginning, end, an ISO-8601 time such as 2025-01-15T10:30:00Z"
                + " or a time ago such as 30m; was '"
                + text
                + "'");
      }
    }
  }

  static Duration duration(String text, String option) {
    try {
      return Durations.parse(text);
    } catch (IllegalArgumentException e) {
      throw new UsageException(option + ": " + e.getMessage());
    }
  }
}
