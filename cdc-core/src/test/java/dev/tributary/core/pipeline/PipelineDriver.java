package dev.tributary.core.pipeline;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.internal.EventTables;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A pipeline's topology under {@link TopologyTestDriver}: send change events, read lanes. */
final class PipelineDriver implements AutoCloseable {
  final Pipeline pipeline;
  final TopologyTestDriver driver;
  private final Map<String, TestInputTopic<byte[], byte[]>> inputs = new HashMap<>();
  private final Map<String, TestOutputTopic<byte[], byte[]>> outputs = new HashMap<>();

  private final boolean routingHeaders;

  /**
   * With {@code routingHeaders}, records are sent as sources write them now (sequence and snapshot
   * headers too), so pipelines that need only event names route without parsing.
   */
  PipelineDriver(Pipeline pipeline, Path stateDir, boolean routingHeaders) {
    this.pipeline = pipeline;
    this.routingHeaders = routingHeaders;
    this.driver =
        new TopologyTestDriver(
            PipelineTopology.build(pipeline),
            PipelineTopology.streamsConfig(pipeline, "localhost:9", stateDir));
  }

  /**
   * Sends {@code event} to its table's change topic, keyed by its partition key, as the relay does.
   */
  void send(ChangeEvent event) {
    String table = EventTables.tableOf(event).orElseThrow();
    AttributeValue first = event.dynamodb().keys().values().iterator().next();
    String pk = first instanceof AttributeValue.S str ? str.value() : first.toString();
    RecordHeaders headers = new RecordHeaders();
    if (routingHeaders) {
      ChangeEventSerde.addRoutingHeaders(headers, event, table);
    } else {
      headers.add(ChangeEventSerde.HEADER_EVENT_NAME, bytes(event.eventName().name()));
      headers.add(ChangeEventSerde.HEADER_TABLE, bytes(table));
    }
    headers.add("trace-id", bytes("t-" + event.eventId()));
    input(Topics.changeTopic(table))
        .pipeInput(new TestRecord<>(bytes(pk), ChangeEventSerde.toBytes(event), headers));
  }

  void sendRaw(String table, String key, byte[] value) {
    input(Topics.changeTopic(table)).pipeInput(key == null ? null : bytes(key), value);
  }

  /** A record with exactly these headers (name, value pairs) and value. */
  void sendRaw(String table, String key, byte[] value, String... headerPairs) {
    RecordHeaders headers = new RecordHeaders();
    for (int i = 0; i < headerPairs.length; i += 2) {
      headers.add(headerPairs[i], bytes(headerPairs[i + 1]));
    }
    input(Topics.changeTopic(table)).pipeInput(new TestRecord<>(bytes(key), value, headers));
  }

  List<TestRecord<byte[], byte[]>> laneRecords(String handler) {
    return output(pipeline.laneTopic(handler)).readRecordsToList();
  }

  /** The events that reached {@code handler}'s lane since the last read. */
  List<ChangeEvent> lane(String handler) {
    return laneRecords(handler).stream().map(r -> ChangeEventSerde.fromBytes(r.value())).toList();
  }

  /** The event names, e.g. {@code [INSERT, REMOVE]}, that reached {@code handler}. */
  List<EventName> laneNames(String handler) {
    return lane(handler).stream().map(ChangeEvent::eventName).toList();
  }

  List<TestRecord<byte[], byte[]>> deadLetters() {
    return output(pipeline.topologyDeadLetterTopic()).readRecordsToList();
  }

  static String header(TestRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private TestInputTopic<byte[], byte[]> input(String topic) {
    return inputs.computeIfAbsent(
        topic,
        t -> driver.createInputTopic(t, new ByteArraySerializer(), new ByteArraySerializer()));
  }

  private TestOutputTopic<byte[], byte[]> output(String topic) {
    return outputs.computeIfAbsent(
        topic,
        t -> driver.createOutputTopic(t, new ByteArrayDeserializer(), new ByteArrayDeserializer()));
  }

  @Override
  public void close() {
    driver.close();
  }
}
