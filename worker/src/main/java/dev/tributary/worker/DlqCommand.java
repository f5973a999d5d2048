package dev.tributary.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tributary dlq list | show | redrive}: the handlers' dead-letter topics. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Inspect dead-lettered events and send them back to their lane.",
    subcommands = {DlqCommand.ListDlq.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
final class DlqCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Redrive progress per dead-letter topic is this group's committed offsets. */
  static String redriveGroup(String pipeline, String handler) {
    return "tributary.redrive." + pipeline + "." + handler;
  }

  /** The DLQ headers: why and from where; a redriven event leaves them behind. */
  static final Set<String> DLQ_HEADERS = Set.of(DeadLetterHeaders.ERROR_CLASS, DeadLetterHeaders.ERROR_MESSAGE,
      DeadLetterHeaders.ATTEMPTS, DeadLetterHeaders.FIRST_FAILURE, DeadLetterHeaders.SOURCE_TOPIC,
      DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET, DeadLetterHeaders.PARKED_BEHIND);

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Selects handlers: all of the configuration, one pipeline's, or one. */
  static final class Selection {
    @Option(names = "--pipeline", paramLabel = "NAME", description = "Only this pipeline.")
    String pipeline;

    @Option(names = "--handler", paramLabel = "NAME", description = "Only this handler (needs --pipeline).")
    String handler;

    List<LaneSpec> lanes(KafkaTarget kafka) {
      if (handler != null && pipeline == null) {
        throw new UsageException("--handler needs --pipeline");
      }
      List<Pipeline> ps = pipeline == null ? kafka.pipelines("dlq") : List.of(kafka.pipeline(pipeline));
      List<LaneSpec> out = new ArrayList<>();
      for (Pipeline p : ps) {
        if (handler != null) {
          KafkaTarget.handler(p, handler);
        }
        p.lanes().stream().filter(l -> handler == null || l.handler().equals(handler)).forEach(out::add);
      }
      return out;
    }

    LaneSpec one(KafkaTarget kafka) {
      if (pipeline == null || handler == null) {
        throw new UsageException("give --pipeline NAME and --handler NAME");
      }
      return lanes(kafka).get(0);
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Count the dead-lettered events of each handler, and those not yet redriven.")
  static final class ListDlq implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;
    @Mixin Selection selection;

    @Override
    public Integer call() throws Exception {
      List<LaneSpec> lanes = selection.lanes(kafka);
      PrintWriter out = spec.commandLine().getOut();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"PIPELINE", "HANDLER", "DEAD-LETTER TOPIC", "EVENTS", "NOT REDRIVEN"});
      try (Admin admin = Admin.create(kafka.reachableClientConfig())) {
        Set<String> existing = admin.listTopics().names().get();
        for (LaneSpec l : lanes) {
          long total = 0;
          long pending = 0;
          if (existing.contains(l.deadLetterTopic())) {
            long[] counts = counts(admin, kafka, l);
            total = counts[0];
            pending = counts[1];
          }
          rows.add(new String[] {l.pipeline(), l.handler(), l.deadLetterTopic(), Long.toString(total), Long.toString(pending)});
        }
      }
      for (String[] r : rows) {
        out.println(String.format("%-16s %-16s %-40s %8s %13s", (Object[]) r).stripTrailing());
      }
      out.flush();
      return 0;
    }

    /** Events in the topic and events past the redrive group's position, read committed. */
    private static long[] counts(Admin admin, KafkaTarget kafka, LaneSpec l) throws Exception {
      Map<TopicPartition, OffsetAndMetadata> redriven =
          admin.listConsumerGroupOffsets(redriveGroup(l.pipeline(), l.handler())).partitionsToOffsetAndMetadata().get();
      long total = 0;
      long pending = 0;
      try (KafkaConsumer<byte[], byte[]> c = reader(kafka)) {
        List<TopicPartition> parts = partitions(c, l.deadLetterTopic());
        Map<TopicPartition, Long> ends = c.endOffsets(parts);
        for (TopicPartition tp : parts) {
          c.assign(List.of(tp));
          c.seekToBeginning(List.of(tp));
          long from = redriven.containsKey(tp) ? redriven.get(tp).offset() : 0;
          while (c.position(tp) < ends.get(tp)) {
            for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
              total++;
              if (r.offset() >= from) {
                pending++;
              }
            }
          }
        }
      }
      return new long[] {total, pending};
    }
  }

  @Command(name = "show", mixinStandardHelpOptions = true,
      description = "Print one handler's dead-lettered events as JSON lines: the event, why it failed and where it came from.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;
    @Mixin Selection selection;

    @Option(names = "--max", defaultValue = "100", paramLabel = "N", description = "At most N events (default ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() throws Exception {
      LaneSpec lane = selection.one(kafka);
      ObjectMapper json = new ObjectMapper();
      PrintWriter out = spec.commandLine().getOut();
      int shown = 0;
      try (KafkaConsumer<byte[], byte[]> c = reader(kafka)) {
        List<TopicPartition> parts = partitions(c, lane.deadLetterTopic());
        Map<TopicPartition, Long> ends = c.endOffsets(parts);
        c.assign(parts);
        c.seekToBeginning(parts);
        while (shown < max && parts.stream().anyMatch(tp -> c.position(tp) < ends.get(tp))) {
          for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
            if (shown++ >= max) {
              break;
            }
            out.println(json.writeValueAsString(describe(json, r)));
          }
        }
      }
      out.flush();
      return 0;
    }

    /** Headers whose values are whole numbers: written as JSON numbers, like offsets and counts. */
    private static final java.util.Set<String> NUMERIC_HEADERS = java.util.Set.of(DeadLetterHeaders.ATTEMPTS,
        DeadLetterHeaders.FIRST_FAILURE, DeadLetterHeaders.SOURCE_PARTITION, DeadLetterHeaders.SOURCE_OFFSET);

    private static ObjectNode describe(ObjectMapper json, ConsumerRecord<byte[], byte[]> r) {
      ObjectNode o = json.createObjectNode();
      o.put("partition", r.partition());
      o.put("offset", r.offset());
      o.put("key", r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8));
      ObjectNode headers = o.putObject("headers");
      for (Header h : r.headers()) {
        String v = h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
        if (v != null && NUMERIC_HEADERS.contains(h.key()) && v.matches("-?\\d{1,18}")) {
          headers.put(h.key(), Long.parseLong(v)); // counts, offsets and times are JSON numbers
        } else {
          headers.put(h.key(), v);
        }
      }
      String value = r.value() == null ? null : new String(r.value(), StandardCharsets.UTF_8);
      try {
        JsonNode event = json.readTree(value);
        o.set("event", event);
      } catch (Exception notJson) {
        o.put("value", value);
      }
      return o;
    }
  }

  @Command(name = "redrive", mixinStandardHelpOptions = true,
      description = {
        "Send one handler's dead-lettered events back to its lane, in order, each once: the records",
        "and the redrive position are committed in one Kafka transaction, so a redrive that is",
        "interrupted and run again neither loses nor repeats an event. Fix the cause first."
      })
  static final class Redrive implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;
    @Mixin Selection selection;

    @Option(names = "--max", paramLabel = "N", description = "At most N events (default: all).")
    Long max;

    @Option(names = "--dry-run", description = "Print what would be redriven; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      LaneSpec lane = selection.one(kafka);
      String group = redriveGroup(lane.pipeline(), lane.handler());
      Map<String, Object> cc = new HashMap<>(kafka.reachableClientConfig());
      cc.put("group.id", group);
      cc.put("isolation.level", "read_committed");
      cc.put("enable.auto.commit", false);
      cc.put("auto.offset.reset", "earliest");
      Map<String, Object> pc = new HashMap<>(kafka.reachableClientConfig());
      pc.put("transactional.id", group);
      pc.put("enable.idempotence", true);
      PrintWriter out = spec.commandLine().getOut();
      long moved = 0;
      try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer());
          KafkaProducer<byte[], byte[]> producer = dryRun ? null
              : new KafkaProducer<>(pc, new ByteArraySerializer(), new ByteArraySerializer())) {
        List<TopicPartition> parts = partitions(consumer, lane.deadLetterTopic());
        Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
        consumer.assign(parts);
        Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(parts));
        for (TopicPartition tp : parts) {
          OffsetAndMetadata o = committed.get(tp);
          if (o == null) {
            consumer.seekToBeginning(List.of(tp));
          } else {
            consumer.seek(tp, o.offset());
          }
        }
        if (producer != null) {
          producer.initTransactions();
        }
        while ((max == null || moved < max) && parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
          var records = consumer.poll(Duration.ofMillis(500));
          if (records.isEmpty()) {
            continue;
          }
          Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
          if (producer != null) {
            producer.beginTransaction();
          }
          for (ConsumerRecord<byte[], byte[]> r : records) {
            if (max != null && moved >= max) {
              break;
            }
            if (dryRun) {
              out.println("would redrive " + r.topic() + "/" + r.partition() + "@" + r.offset() + " -> " + lane.laneTopic());
            } else {
              ProducerRecord<byte[], byte[]> copy = new ProducerRecord<>(lane.laneTopic(), null, r.timestamp(), r.key(), r.value());
              for (Header h : r.headers()) {
                if (!DLQ_HEADERS.contains(h.key())) {
                  copy.headers().add(h);
                }
              }
              producer.send(copy);
            }
            next.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
            moved++;
          }
          if (producer != null) {
            producer.sendOffsetsToTransaction(next, consumer.groupMetadata());
            producer.commitTransaction();
          }
        }
      }
      out.println((dryRun ? "Would redrive " : "Redrove ") + moved + " event(s) from " + lane.deadLetterTopic()
          + " to " + lane.laneTopic());
      out.flush();
      return 0;
    }
  }

  static KafkaConsumer<byte[], byte[]> reader(KafkaTarget kafka) {
    Map<String, Object> c = new HashMap<>(kafka.reachableClientConfig());
    c.put("isolation.level", IsolationLevel.READ_COMMITTED.toString().toLowerCase(java.util.Locale.ROOT));
    c.put("enable.auto.commit", false);
    return new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer());
  }

  static List<TopicPartition> partitions(KafkaConsumer<?, ?> c, String topic) {
    List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(30));
    if (infos == null || infos.isEmpty()) {
      throw new UsageException("topic " + topic + " does not exist (has the worker run?)");
    }
    return infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
  }
}
