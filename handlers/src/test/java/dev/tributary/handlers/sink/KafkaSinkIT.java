package dev.tributary.handlers.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.handlers.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kafka sink against a real embedded KRaft broker. */
class KafkaSinkIT {
  private static final Instant AT = Instant.parse("2026-01-02T03:04:05Z");

  @TempDir Path dir;

  private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
    return new String(r.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  @Test
  void shouldProduceEachEventWithKeyAndHeaders() throws Exception {
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"))) {
      kafka.createTopic("order-events", 2);
      List<ChangeEvent> events =
          List.of(
              TestEvents.insert("Orders", 1, AT, "o-1", "a@example.com"),
              TestEvents.modify("Orders", 2, AT, "o-2", "PLACED", "SHIPPED"));
      try (ChangeHandler sink =
          SinkFactoriesTest.factory("kafka")
              .create(
                  Map.of(
                      "bootstrap-servers",
                      kafka.bootstrapServers(),
                      "topic",
                      "order-events",
                      "key-attribute",
                      "orderId"))) {
        sink.open(null);
        assertThat(sink.handle(events, TestEvents.context(1)).isSuccess()).isTrue();
      }
      Map<String, Object> cc = new HashMap<>(kafka.clientConfig());
      cc.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      cc.put(ConsumerConfig.GROUP_ID_CONFIG, "check");
      List<ConsumerRecord<byte[], byte[]>> got = new ArrayList<>();
      try (KafkaConsumer<byte[], byte[]> c =
          new KafkaConsumer<>(cc, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
        c.subscribe(List.of("order-events"));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < 2 && System.nanoTime() < deadline) {
          c.poll(Duration.ofMillis(200)).forEach(got::add);
        }
      }
      assertThat(got).hasSize(2);
      got.sort((a, b) -> header(a, "eventID").compareTo(header(b, "eventID")));
      ConsumerRecord<byte[], byte[]> first = got.get(0);
      assertThat(new String(first.value(), StandardCharsets.UTF_8))
          .isEqualTo(ChangeEventJson.toJson(events.get(0)));
      assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo("{\"S\":\"o-1\"}");
      assertThat(header(first, "eventName")).isEqualTo("INSERT");
      assertThat(header(first, "table")).isEqualTo("Orders");
      assertThat(header(first, "eventID")).isEqualTo(events.get(0).eventId());
      assertThat(header(got.get(1), "eventName")).isEqualTo("MODIFY");
    }
  }

  @Test
  void shouldNameBadKeys() {
    assertThatThrownBy(() -> SinkFactoriesTest.factory("kafka").create(Map.of("topic", "t")))
        .hasMessageContaining("kafka handler: key 'bootstrap-servers' is required");
    assertThatThrownBy(
            () ->
                SinkFactoriesTest.factory("kafka")
                    .create(Map.of("bootstrap-servers", "x:1", "topic", "bad topic")))
        .hasMessageContaining("kafka handler: key 'topic'")
        .hasMessageContaining("not a valid Kafka topic name");
  }
}
