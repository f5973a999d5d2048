package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent.DynamodbStreamRecord;
import com.amazonaws.services.lambda.runtime.serialization.PojoSerializer;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * A batch written by {@link ChangeEventJson#toLambdaEvent} is read by {@code
 * aws-lambda-java-events}' {@link DynamodbEvent} through the Lambda Java runtime's own serializer,
 * field for field: so a Lambda handler ported to Tributary reads the same values it read on AWS.
 */
class LambdaEventCompatibilityTest {
  private static final PojoSerializer<DynamodbEvent> LAMBDA =
      LambdaEventSerializers.serializerFor(
          DynamodbEvent.class, DynamodbEvent.class.getClassLoader());

  @Provide
  Arbitrary<List<ChangeEvent>> batches() {
    // Lambda's reader turns an ApproximateCreationDateTime of exactly 0 into null; no stream has
    // one.
    return EventArbitraries.events()
        .filter(e -> !e.dynamodb().approximateCreationDateTime().equals(Instant.EPOCH))
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Property(tries = 150)
  void shouldBeReadByLambdasDynamodbEventFieldForField(@ForAll("batches") List<ChangeEvent> batch) {
    DynamodbEvent read = LAMBDA.fromJson(ChangeEventJson.toLambdaEvent(batch));
    assertThat(read.getRecords()).hasSize(batch.size());
    for (int i = 0; i < batch.size(); i++) {
      assertSame(batch.get(i), read.getRecords().get(i));
    }
  }

  @Test
  void shouldCarryATtlDeletionsIdentityAndEveryAttributeType() {
    Map<String, AttributeValue> image =
        Item.builder()
            .s("id", "o-1")
            .n("total", "299.99")
            .put("blob", AttributeValue.b((byte) 0, (byte) -1))
            .bool("gift", true)
            .put("none", AttributeValue.nul())
            .m("address", Map.of("city", AttributeValue.s("Lyon")))
            .l("lines", List.of(AttributeValue.n(1), AttributeValue.s("x")))
            .ss("tags", "a", "b")
            .put("sizes", AttributeValue.ns("1.5", "2"))
            .put("chunks", AttributeValue.bs(Bytes.of((byte) 1), Bytes.of((byte) 2)))
            .build();
    ChangeEvent e =
        new ChangeEvent(
            "0f8e-1",
            EventName.REMOVE,
            "1.1",
            "aws:dynamodb",
            "us-east-1",
            "arn:aws:dynamodb:us-east-1:123456789012:table/Orders/stream/2026-01-01T00:00:00.000",
            new StreamRecord(
                Item.key("id", "o-1"),
                Optional.empty(),
                Optional.of(image),
                "000000000000000000042",
                321,
                StreamViewType.NEW_AND_OLD_IMAGES,
                Instant.parse("2025-01-15T10:30:00.123Z")),
            Optional.of(UserIdentity.TTL_SERVICE),
            false);
    DynamodbStreamRecord r =
        LAMBDA.fromJson(ChangeEventJson.toLambdaEvent(List.of(e))).getRecords().get(0);
    assertSame(e, r);
    assertThat(r.getUserIdentity().getType()).isEqualTo("Service");
    assertThat(r.getDynamodb().getOldImage().get("total").getN()).isEqualTo("299.99");
    assertThat(r.getDynamodb().getApproximateCreationDateTime().toInstant())
        .isEqualTo(Instant.parse("2025-01-15T10:30:00.123Z"));
  }

  private static void assertSame(ChangeEvent expected, DynamodbStreamRecord actual) {
    assertThat(actual.getEventID()).isEqualTo(expected.eventId());
    assertThat(actual.getEventName()).isEqualTo(expected.eventName().name());
    assertThat(actual.getEventVersion()).isEqualTo(expected.eventVersion());
    assertThat(actual.getEventSource()).isEqualTo(expected.eventSource());
    assertThat(actual.getAwsRegion()).isEqualTo(expected.awsRegion());
    assertThat(actual.getEventSourceARN()).isEqualTo(expected.eventSourceArn());
    if (expected.userIdentity().isPresent()) {
      assertThat(actual.getUserIdentity().getType())
          .isEqualTo(expected.userIdentity().get().type());
      assertThat(actual.getUserIdentity().getPrincipalId())
          .isEqualTo(expected.userIdentity().get().principalId());
    } else {
      assertThat(actual.getUserIdentity()).isNull();
    }
    var d = actual.getDynamodb();
    StreamRecord r = expected.dynamodb();
    assertThat(item(d.getKeys())).isEqualTo(r.keys());
    assertThat(Optional.ofNullable(d.getNewImage()).map(LambdaEventCompatibilityTest::item))
        .isEqualTo(r.newImage());
    assertThat(Optional.ofNullable(d.getOldImage()).map(LambdaEventCompatibilityTest::item))
        .isEqualTo(r.oldImage());
    assertThat(d.getSequenceNumber()).isEqualTo(r.sequenceNumber());
    assertThat(d.getSizeBytes()).isEqualTo(r.sizeBytes());
    assertThat(d.getStreamViewType()).isEqualTo(r.streamViewType().name());
    assertThat(d.getApproximateCreationDateTime().toInstant())
        .isEqualTo(r.approximateCreationDateTime());
  }

  private static Map<String, AttributeValue> item(
      Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> in) {
    Map<String, AttributeValue> out = new LinkedHashMap<>();
    in.forEach((k, v) -> out.put(k, value(v)));
    return out;
  }

  /** Lambda's attribute value in Tributary's model; exactly one of its fields must be set. */
  private static AttributeValue value(
      com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
    List<AttributeValue> found = new ArrayList<>();
    if (v.getS() != null) found.add(AttributeValue.s(v.getS()));
    if (v.getN() != null) found.add(AttributeValue.n(v.getN()));
    if (v.getB() != null) found.add(AttributeValue.b(bytes(v.getB())));
    if (v.getBOOL() != null) found.add(AttributeValue.bool(v.getBOOL()));
    if (v.getNULL() != null) found.add(AttributeValue.nul());
    if (v.getM() != null) found.add(AttributeValue.m(item(v.getM())));
    if (v.getL() != null)
      found.add(
          AttributeValue.l(v.getL().stream().map(LambdaEventCompatibilityTest::value).toList()));
    if (v.getSS() != null) found.add(AttributeValue.ss(v.getSS()));
    if (v.getNS() != null)
      found.add(AttributeValue.ns(v.getNS().stream().map(BigDecimal::new).toList()));
    if (v.getBS() != null)
      found.add(
          AttributeValue.bs(v.getBS().stream().map(b -> Bytes.of(bytes(b).toArray())).toList()));
    assertThat(found).as("fields set in %s", v).hasSize(1);
    return found.get(0);
  }

  private static Bytes bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return Bytes.of(out);
  }
}
