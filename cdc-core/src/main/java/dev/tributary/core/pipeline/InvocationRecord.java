package dev.tributary.core.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One Lambda invocation record for events that gave up, as an on-failure destination receives it.
 *
 * @param json the record as Lambda sends it to SQS, SNS or Kafka: {@code requestContext}, {@code
 *     responseContext}, {@code version}, {@code timestamp}, {@code DDBStreamBatchInfo}
 * @param mappingId the event source mapping's UUID: stable for a lane (its pipeline and handler)
 * @param shardId {@code shardId-<lane partition, 20 digits>}
 * @param requestId {@code requestContext.requestId}
 * @param timestamp {@code timestamp}: when the events gave up
 * @param events the events the record describes, in order
 */
public record InvocationRecord(
    String json,
    String mappingId,
    String shardId,
    String requestId,
    Instant timestamp,
    List<ChangeEvent> events) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public InvocationRecord {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(mappingId, "mappingId");
    Objects.requireNonNull(shardId, "shardId");
    Objects.requireNonNull(requestId, "requestId");
    Objects.requireNonNull(timestamp, "timestamp");
    events = List.copyOf(events);
  }

  /**
   * The record as Lambda writes it to an S3 destination: the same fields plus {@code payload}, the
   * invocation's event ({@code {"Records": [...]}}, each record as the function receives it).
   */
  public String jsonWithPayload() {
    try {
      ObjectNode r = (ObjectNode) JSON.readTree(json);
      ArrayNode records = r.putObject("payload").putArray("Records");
      for (ChangeEvent e : events) {
        records.add(JSON.readTree(ChangeEventJson.toJson(e)));
      }
      return JSON.writeValueAsString(r);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the invocation record with its payload", e);
    }
  }
}
