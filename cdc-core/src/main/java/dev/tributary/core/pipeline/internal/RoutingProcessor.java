package dev.tributary.core.pipeline.internal;

import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.internal.DeadLetterRecords;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's one processor: parses each change record once, drops redeliveries, applies the
 * filters, the view and the projection, and forwards the event to every lane whose route matches.
 * When the pipeline needs no more than the event name (no view, no projection, filters and routes
 * on names and snapshot flag only) and the record carries routing headers, it is routed on those
 * without being parsed. A record that is not a change event (or that a predicate cannot evaluate)
 * goes to the topology's dead-letter sink with its error, so one poison record never stops the
 * pipeline.
 */
public final class RoutingProcessor implements Processor<byte[], byte[], byte[], byte[]> {
  private static final Logger LOG = LoggerFactory.getLogger(RoutingProcessor.class);

  private final RoutingPlan plan;
  private ProcessorContext<byte[], byte[]> context;
  private LastSequences lastSequences;

  public RoutingProcessor(RoutingPlan plan) {
    this.plan = plan;
  }

  @Override
  public void init(ProcessorContext<byte[], byte[]> context) {
    this.context = context;
    KeyValueStore<Bytes, String> store = context.getStateStore(RoutingPlan.SEQUENCE_STORE);
    this.lastSequences = new LastSequences(store);
  }

  @Override
  public void process(Record<byte[], byte[]> record) {
    String topic = context.recordMetadata().map(RecordMetadata::topic).orElse("");
    if (plan.routesOnHeaders() && record.key() != null && record.value() != null) {
      Optional<RoutingHeaders> headers = RoutingHeaders.of(record.headers());
      if (headers.isPresent()) {
        routeOnHeaders(record, topic, headers.get());
        return;
      }
    }
    ChangeEvent event;
    String sequence;
    try {
      event = parse(record.value());
      sequence = sequenceOf(event);
    } catch (RuntimeException e) {
      deadLetter(record, topic, e);
      return;
    }
    String table = plan.tableOfTopic(topic).or(() -> EventTables.tableOf(event)).orElse(topic);
    // Snapshot events are reads of current state, not writes: their sequences say nothing about
    // redelivery, and recording them would make later real changes look old.
    if (!event.snapshot()
        && !lastSequences.advance(table, dedupKey(record.key(), event), sequence)) {
      LOG.debug(
          "Dropped redelivered event {} of {} (sequence {})", event.eventId(), table, sequence);
      return;
    }
    List<LaneRoute> targets = new ArrayList<>(plan.lanes().size());
    byte[] value;
    String eventName;
    try {
      Optional<ChangeEvent> routed = plan.route(event, targets);
      if (routed.isEmpty()) {
        return;
      }
      // Unchanged by view and projection: forward the source's bytes instead of writing them again
      // (re-serializing was a tenth of the stream thread's CPU in PipelineThroughputBenchmark).
      value = routed.get() == event ? record.value() : ChangeEventSerde.toBytes(routed.get());
      eventName = routed.get().eventName().name();
    } catch (RuntimeException e) {
      deadLetter(record, topic, e);
      return;
    }
    forward(record, value, eventName, table, targets);
  }

  /**
   * The fast path, when the plan needs only what the routing headers say: the value is not parsed
   * (parsing was over a quarter of the stream thread's CPU in PipelineThroughputBenchmark) and is
   * forwarded as it is; the runner parses it, and dead-letters it there if it is not an event.
   */
  private void routeOnHeaders(Record<byte[], byte[]> record, String topic, RoutingHeaders h) {
    String table =
        plan.tableOfTopic(topic)
            .orElseGet(() -> headerText(record, ChangeEventSerde.HEADER_TABLE).orElse(topic));
    if (!h.snapshot() && !lastSequences.advance(table, record.key(), h.sequence())) {
      LOG.debug("Dropped redelivered record of {} (sequence {})", table, h.sequence());
      return;
    }
    List<LaneRoute> targets = new ArrayList<>(plan.lanes().size());
    try {
      if (plan.route(h.stub(), targets).isEmpty()) {
        return;
      }
    } catch (RuntimeException e) {
      deadLetter(record, topic, e);
      return;
    }
    forward(record, record.value(), h.eventName().name(), table, targets);
  }

  private void forward(
      Record<byte[], byte[]> record,
      byte[] value,
      String eventName,
      String table,
      List<LaneRoute> targets) {
    // The source's headers already say this name and table (the usual case): forward them as they
    // are, shared by every lane (nothing downstream changes them), instead of a copy per lane.
    Headers headers = record.headers();
    if (!hasHeader(headers, ChangeEventSerde.HEADER_EVENT_NAME, eventName)
        || !hasHeader(headers, ChangeEventSerde.HEADER_TABLE, table)) {
      headers = new RecordHeaders(record.headers().toArray());
      DeadLetterRecords.set(headers, ChangeEventSerde.HEADER_EVENT_NAME, eventName);
      DeadLetterRecords.set(headers, ChangeEventSerde.HEADER_TABLE, table);
    }
    for (LaneRoute lane : targets) {
      context.forward(
          new Record<>(record.key(), value, record.timestamp(), headers), lane.sinkName());
    }
  }

  /**
   * The record key; a record without one (not written by a Tributary source) uses the item's keys.
   */
  private static byte[] dedupKey(byte[] recordKey, ChangeEvent event) {
    return recordKey != null
        ? recordKey
        : AttributeValueJson.itemToJson(event.dynamodb().keys()).getBytes(StandardCharsets.UTF_8);
  }

  private static ChangeEvent parse(byte[] value) {
    if (value == null) {
      throw new BadRecordException("Not a change event: the record has no value (a tombstone)");
    }
    return ChangeEventSerde.fromBytes(value);
  }

  private static String sequenceOf(ChangeEvent event) {
    String text = event.dynamodb().sequenceNumber();
    String sequence = LastSequences.canonicalDecimal(text);
    if (sequence == null) {
      throw new BadRecordException(
          "Event "
              + event.eventId()
              + " has SequenceNumber '"
              + text
              + "', not a decimal integer of at most 64 digits");
    }
    return sequence;
  }

  private void deadLetter(Record<byte[], byte[]> record, String topic, RuntimeException error) {
    RecordMetadata meta = context.recordMetadata().orElse(null);
    LOG.warn("Sending a record of {} to {}: {}", topic, plan.deadLetterTopic(), error.toString());
    Headers headers = new RecordHeaders(record.headers().toArray());
    // The topology does not retry: a record it cannot read fails once, now.
    DeadLetterRecords.describe(
        headers,
        error,
        1,
        System.currentTimeMillis(),
        topic,
        meta == null ? -1 : meta.partition(),
        meta == null ? -1 : meta.offset());
    context.forward(
        new Record<>(record.key(), record.value(), record.timestamp(), headers),
        RoutingPlan.DEAD_LETTER_SINK);
  }

  private static boolean hasHeader(Headers headers, String name, String value) {
    Header h = headers.lastHeader(name);
    return h != null && Arrays.equals(h.value(), value.getBytes(StandardCharsets.UTF_8));
  }

  private static Optional<String> headerText(Record<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null || h.value() == null
        ? Optional.empty()
        : Optional.of(new String(h.value(), StandardCharsets.UTF_8));
  }
}
