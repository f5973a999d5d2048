package dev.tributary.core.runner.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.InvocationRecord;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.OnFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Lambda's invocation record for a stream event source's on-failure destination: one per run of
 * dead events of one lane partition, {@code DDBStreamBatchInfo} naming the first and last sequence
 * number, their arrival (the event's {@code ApproximateCreationDateTime}, to the second as Lambda
 * writes it for DynamoDB) and the stream ARN. The lane partition is the shard: {@code
 * shardId-<partition, 20 digits>}.
 */
final class InvocationRecords {
  private static final ObjectMapper JSON = new ObjectMapper();

  private InvocationRecords() {}

  /**
   * The record for {@code dead} (in offset order, one partition) to a topic, or nothing if none is
   * an event.
   */
  static List<ProducerRecord<byte[], byte[]>> of(
      LaneSpec lane, OnFailure destination, int partition, List<Pending> dead, Instant now) {
    return record(lane, destination, partition, dead, now)
        .map(
            r ->
                List.of(
                    new ProducerRecord<>(
                        destination.topic().orElseThrow(),
                        r.events()
                            .get(0)
                            .dynamodb()
                            .sequenceNumber()
                            .getBytes(StandardCharsets.UTF_8),
                        r.json().getBytes(StandardCharsets.UTF_8))))
        .orElse(List.of());
  }

  /**
   * The event source mapping's UUID: the same for a lane (pipeline, handler) on every worker and
   * restart.
   */
  static String mappingId(LaneSpec lane) {
    return UUID.nameUUIDFromBytes(
            ("tributary-mapping:" + lane.pipeline() + "/" + lane.handler())
                .getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * The record for {@code dead} (in offset order, one partition), or nothing if none is an event.
   */
  static Optional<InvocationRecord> record(
      LaneSpec lane, OnFailure destination, int partition, List<Pending> dead, Instant now) {
    List<Pending> events = new ArrayList<>();
    for (Pending p : dead) {
      if (p.event != null) {
        events.add(p);
      }
    }
    if (events.isEmpty()) {
      return Optional.empty();
    }
    Pending first = events.get(0);
    Pending last = events.get(events.size() - 1);
    int invokes = 0;
    boolean exhausted = false;
    for (Pending p : events) {
      invokes = Math.max(invokes, p.failures);
      exhausted |= p.failures >= lane.retry().maxAttempts();
    }
    boolean tooOld = !exhausted && lane.retry().maxEventAge().isPresent();
    String name = destination.functionName().orElse(lane.pipeline() + "-" + lane.handler());
    ObjectNode r = JSON.createObjectNode();
    ObjectNode request = r.putObject("requestContext");
    String requestId = UUID.randomUUID().toString();
    request.put("requestId", requestId);
    request.put(
        "functionArn",
        "arn:aws:lambda:" + first.event.awsRegion() + ":000000000000:function:" + name);
    request.put("condition", tooOld ? "RecordAgeExceeded" : "RetryAttemptsExhausted");
    request.put("approximateInvokeCount", Math.max(invokes, 1));
    ObjectNode response = r.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", "Unhandled");
    r.put("version", "1.0");
    Instant at = now.truncatedTo(ChronoUnit.MILLIS);
    r.put("timestamp", at.toString());
    ObjectNode info = r.putObject("DDBStreamBatchInfo");
    String shardId = String.format("shardId-%020d", partition);
    info.put("shardId", shardId);
    info.put("startSequenceNumber", first.event.dynamodb().sequenceNumber());
    info.put("endSequenceNumber", last.event.dynamodb().sequenceNumber());
    info.put("approximateArrivalOfFirstRecord", seconds(first));
    info.put("approximateArrivalOfLastRecord", seconds(last));
    info.put("batchSize", events.size());
    info.put("streamArn", first.event.eventSourceArn());
    String value;
    try {
      value = JSON.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an invocation record", e);
    }
    List<ChangeEvent> described = new ArrayList<>(events.size());
    for (Pending p : events) {
      described.add(p.event);
    }
    return Optional.of(
        new InvocationRecord(value, mappingId(lane), shardId, requestId, at, described));
  }

  private static String seconds(Pending p) {
    return p.event
        .dynamodb()
        .approximateCreationDateTime()
        .truncatedTo(ChronoUnit.SECONDS)
        .toString();
  }
}
