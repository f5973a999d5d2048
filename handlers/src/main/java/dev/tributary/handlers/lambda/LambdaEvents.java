package dev.tributary.handlers.lambda;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.Identity;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamViewType;
import dev.tributary.core.Bytes;
import dev.tributary.core.ChangeEvent;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A batch as the {@link DynamodbEvent} Lambda's Java runtime would hand the function: the same
 * objects its serializer makes from the batch's Lambda JSON ({@code
 * ChangeEventJson.toLambdaEvent}), built directly, without a JSON round trip.
 */
final class LambdaEvents {
  private LambdaEvents() {}

  static DynamodbEvent of(List<ChangeEvent> batch) {
    List<DynamodbEvent.DynamodbStreamRecord> records = new ArrayList<>(batch.size());
    for (ChangeEvent e : batch) {
      records.add(record(e));
    }
    DynamodbEvent event = new DynamodbEvent();
    event.setRecords(records);
    return event;
  }

  static DynamodbEvent.DynamodbStreamRecord record(ChangeEvent e) {
    DynamodbEvent.DynamodbStreamRecord r = new DynamodbEvent.DynamodbStreamRecord();
    r.setEventID(e.eventId());
    r.setEventName(e.eventName().name());
    r.setEventVersion(e.eventVersion());
    r.setEventSource(e.eventSource());
    r.setAwsRegion(e.awsRegion());
    r.setEventSourceARN(e.eventSourceArn());
    dev.tributary.core.StreamRecord d = e.dynamodb();
    StreamRecord s = new StreamRecord();
    s.setKeys(item(d.keys()));
    d.newImage().ifPresent(img -> s.setNewImage(item(img)));
    d.oldImage().ifPresent(img -> s.setOldImage(item(img)));
    s.setSequenceNumber(d.sequenceNumber());
    s.setSizeBytes(d.sizeBytes());
    s.setStreamViewType(StreamViewType.valueOf(d.streamViewType().name()));
    // Lambda's JSON carries epoch seconds; its serializer keeps them to the millisecond.
    s.setApproximateCreationDateTime(Date.from(d.approximateCreationDateTime()));
    r.setDynamodb(s);
    e.userIdentity()
        .ifPresent(
            u -> {
              Identity i = new Identity();
              i.setType(u.type());
              i.setPrincipalId(u.principalId());
              r.setUserIdentity(i);
            });
    return r;
  }

  static Map<String, AttributeValue> item(Map<String, dev.tributary.core.AttributeValue> item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>(item.size() * 2);
    item.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  @SuppressWarnings(
      "UnnecessarilyFullyQualified") // Lambda's AttributeValue and Tributary's meet here
  static AttributeValue value(dev.tributary.core.AttributeValue v) {
    AttributeValue a = new AttributeValue();
    if (v instanceof dev.tributary.core.AttributeValue.S s) {
      a.setS(s.value());
    } else if (v instanceof dev.tributary.core.AttributeValue.N n) {
      a.setN(n.text());
    } else if (v instanceof dev.tributary.core.AttributeValue.B b) {
      a.setB(ByteBuffer.wrap(b.value().toArray()));
    } else if (v instanceof dev.tributary.core.AttributeValue.Bool b) {
      a.setBOOL(b.value());
    } else if (v instanceof dev.tributary.core.AttributeValue.Null) {
      a.setNULL(true);
    } else if (v instanceof dev.tributary.core.AttributeValue.M m) {
      a.setM(item(m.value()));
    } else if (v instanceof dev.tributary.core.AttributeValue.L l) {
      List<AttributeValue> out = new ArrayList<>(l.value().size());
      l.value().forEach(x -> out.add(value(x)));
      a.setL(out);
    } else if (v instanceof dev.tributary.core.AttributeValue.SS ss) {
      a.setSS(new ArrayList<>(ss.value()));
    } else if (v instanceof dev.tributary.core.AttributeValue.NS ns) {
      a.setNS(new ArrayList<>(ns.texts()));
    } else if (v instanceof dev.tributary.core.AttributeValue.BS bs) {
      List<ByteBuffer> out = new ArrayList<>(bs.value().size());
      for (Bytes b : bs.value()) {
        out.add(ByteBuffer.wrap(b.toArray()));
      }
      a.setBS(out);
    }
    return a;
  }
}
