package dev.tributary.connectors.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.UserIdentity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.Record;

/**
 * DynamoDB Streams API records (as the AWS SDK parsed them) in Tributary's one event shape. The API
 * record has the members Lambda's has, except {@code eventSourceARN}: that becomes the stream's
 * ARN.
 */
public final class SdkEvents {
  private SdkEvents() {}

  public static ChangeEvent toEvent(Record r, String streamArn, StreamViewType streamViewType) {
    software.amazon.awssdk.services.dynamodb.model.StreamRecord d = r.dynamodb();
    StreamViewType view =
        d.streamViewType() != null && d.streamViewTypeAsString() != null
            ? StreamViewType.valueOf(d.streamViewTypeAsString())
            : streamViewType;
    StreamRecord record =
        new StreamRecord(
            item(d.keys()),
            d.hasNewImage() ? Optional.of(item(d.newImage())) : Optional.empty(),
            d.hasOldImage() ? Optional.of(item(d.oldImage())) : Optional.empty(),
            d.sequenceNumber(),
            d.sizeBytes() == null ? 0 : d.sizeBytes(),
            view,
            d.approximateCreationDateTime() == null
                ? Instant.EPOCH
                : d.approximateCreationDateTime());
    Identity id = r.userIdentity();
    return new ChangeEvent(
        r.eventID(),
        EventName.valueOf(r.eventNameAsString()),
        orElse(r.eventVersion(), "1.1"),
        orElse(r.eventSource(), "aws:dynamodb"),
        orElse(r.awsRegion(), ""),
        streamArn,
        record,
        id == null
            ? Optional.empty()
            : Optional.of(new UserIdentity(orElse(id.type(), ""), orElse(id.principalId(), ""))),
        false);
  }

  static Map<String, AttributeValue> item(
      Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    item.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  static AttributeValue value(software.amazon.awssdk.services.dynamodb.model.AttributeValue v) {
    return switch (v.type()) {
      case S -> AttributeValue.s(v.s());
      case N -> AttributeValue.n(v.n());
      case B -> AttributeValue.b(bytes(v.b()));
      case BOOL -> AttributeValue.bool(v.bool());
      case NUL -> AttributeValue.nul();
      case M -> AttributeValue.m(item(v.m()));
      case L -> {
        List<AttributeValue> list = new ArrayList<>(v.l().size());
        v.l().forEach(e -> list.add(value(e)));
        yield AttributeValue.l(list);
      }
      case SS -> AttributeValue.ss(v.ss());
      case NS -> AttributeValue.ns(v.ns().toArray(String[]::new));
      case BS -> AttributeValue.bs(v.bs().stream().map(SdkEvents::bytes).toList());
      default -> throw new IllegalArgumentException("Unknown attribute value type in " + v);
    };
  }

  private static Bytes bytes(SdkBytes b) {
    return Bytes.wrap(b.asByteArray());
  }

  private static String orElse(String s, String fallback) {
    return s == null ? fallback : s;
  }
}
