package dev.tributary.worker.console.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.worker.internal.EventFilter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows one topic of change events for one browser, as {@code tributary tail} does (read
 * committed, in no consumer group): sends {@code ready} once positioned at the end (or the
 * beginning), then one {@code change} event per matching record, until the browser leaves.
 */
final class TailStream implements Runnable {
  private final Map<String, Object> clientConfig;
  private final String topic;
  private final boolean fromBeginning;
  private final EventFilter filter;
  private final EventStream out;

  TailStream(
      Map<String, Object> clientConfig,
      String topic,
      boolean fromBeginning,
      EventFilter filter,
      EventStream out) {
    this.clientConfig = clientConfig;
    this.topic = topic;
    this.fromBeginning = fromBeginning;
    this.filter = filter;
    this.out = out;
  }

  @Override
  public void run() {
    Map<String, Object> c = new HashMap<>(clientConfig);
    c.put("isolation.level", "read_committed");
    c.put("enable.auto.commit", false);
    c.remove("group.id");
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(20)).get(topic);
      if (infos == null || infos.isEmpty()) {
        out.send(
            "failure",
            Web.JSON
                .createObjectNode()
                .put("error", "topic " + topic + " does not exist yet")
                .toString());
        return;
      }
      List<TopicPartition> parts =
          infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(parts);
      if (fromBeginning) {
        consumer.seekToBeginning(parts);
      } else {
        consumer.seekToEnd(parts);
      }
      parts.forEach(consumer::position); // resolve now, so "ready" means later writes are seen
      out.send("ready", Web.JSON.createObjectNode().put("topic", topic).toString());
      long lastBeat = System.nanoTime();
      while (out.open()) {
        var records = consumer.poll(Duration.ofMillis(300));
        for (ConsumerRecord<byte[], byte[]> r : records) {
          String json = r.value() == null ? "" : new String(r.value(), StandardCharsets.UTF_8);
          ChangeEvent e;
          try {
            e = ChangeEventJson.fromJson(json);
          } catch (RuntimeException notAnEvent) {
            continue; // tombstones and other records
          }
          String line = ChangeEventJson.toJson(e);
          if (filter.matches(e, line)) {
            ObjectNode o = Web.JSON.createObjectNode();
            o.put("partition", r.partition())
                .put("offset", r.offset())
                .put("timestamp", r.timestamp());
            o.set("event", Web.JSON.readTree(line));
            out.send("change", o.toString());
          }
        }
        if (System.nanoTime() - lastBeat > 15_000_000_000L) {
          out.comment("beat");
          lastBeat = System.nanoTime();
        }
      }
    } catch (Exception e) {
      out.send(
          "failure",
          Web.JSON.createObjectNode().put("error", String.valueOf(e.getMessage())).toString());
    } finally {
      out.close();
    }
  }
}
