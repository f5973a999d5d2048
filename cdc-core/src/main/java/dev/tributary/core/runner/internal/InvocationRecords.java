package dev.tributary.core.runner.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.OnFailure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
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

  /** The record for {@code dead} (in offset order, one partition), or nothing if none is an event. */
  static List<ProducerRecord<byte[], byte[]>> of(LaneSpec lane, OnFailure destination, int partition, List<Pending> dead,
      Instant now) {
    List<Pending> events = new ArrayList<>();
    for (Pending p : dead) {
      if (p.event != null) {
        events.add(p);
      }
    }
    if (events.isEmpty()) {
      return List.of();
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
    request.put("requestId", UUID.randomUUID().toString());
    request.put("functionArn", "arn:aws:lambda:" + first.event.awsRegion() + ":000000000000:function:" + name);
    request.put("condition", tooOld ? "RecordAgeExceeded" : "RetryAttemptsExhausted");
    request.put("approximateInvokeCount", Math.max(invokes, 1));
    ObjectNode response = r.putObject("responseContext");
    response.put("statusCode", 200);
    response.put("executedVersion", "$LATEST");
    response.put("functionError", "Unhandled");
    r.put("version", "1.0");
    r.put("timestamp", now.truncatedTo(ChronoUnit.MILLIS).toString());
    ObjectNode info = r.putObject("DDBStreamBatchInfo");
    info.put("shardId", String.format("shardId-%020d", partition));
    info.put("startSequenceNumber", first.event.dynamodb().sequenceNumber());
    info.put("endSequenceNumber", last.event.dynamodb().sequenceNumber());
    info.put("approximateArrivalOfFirstRecord", seconds(first));
    info.put("approximateArrivalOfLastRecord", seconds(last));
    info.put("batchSize", events.size());
    info.put("streamArn", first.event.eventSourceArn());
    byte[] value;
    try {
      value = JSON.writeValueAsBytes(r);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException("cannot write an invocation record", e);
    }
    byte[] key = first.event.dynamodb().sequenceNumber().getBytes(StandardCharsets.UTF_8);
    return List.of(new ProducerRecord<>(destination.topic(), key, value));
  }

  private static String seconds(Pending p) {
    return p.event.dynamodb().approximateCreationDateTime().truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
