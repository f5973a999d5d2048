package dev.tributary.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.UserIdentity;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.Identity;
import software.amazon.awssdk.services.dynamodb.model.OperationType;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.StreamRecord;

class SdkEventsTest {
  private static software.amazon.awssdk.services.dynamodb.model.AttributeValue.Builder av() {
    return software.amazon.awssdk.services.dynamodb.model.AttributeValue.builder();
  }

  @Test
  void shouldMapEveryAttributeTypeAndSetTheStreamArn() {
    Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> image =
        Map.of(
            "s", av().s("x").build(),
            "n", av().n("1.50").build(),
            "b", av().b(SdkBytes.fromByteArray(new byte[] {1, 2})).build(),
            "bool", av().bool(true).build(),
            "nul", av().nul(true).build(),
            "m", av().m(Map.of("k", av().s("v").build())).build(),
            "l", av().l(av().n("2").build(), av().s("y").build()).build(),
            "ss", av().ss("a", "b").build(),
            "ns", av().ns("1", "2").build(),
            "bs", av().bs(SdkBytes.fromByteArray(new byte[] {3})).build());
    Record r =
        Record.builder()
            .eventID("id-1")
            .eventName(OperationType.REMOVE)
            .eventVersion("1.1")
            .eventSource("aws:dynamodb")
            .awsRegion("eu-west-1")
            .userIdentity(
                Identity.builder().type("Service").principalId("dynamodb.amazonaws.com").build())
            .dynamodb(
                StreamRecord.builder()
                    .keys(Map.of("s", av().s("x").build()))
                    .oldImage(image)
                    .sequenceNumber("4000000000000000000000000000000000000001")
                    .sizeBytes(42L)
                    .approximateCreationDateTime(Instant.ofEpochSecond(1_700_000_000))
                    .build())
            .build();
    ChangeEvent e = SdkEvents.toEvent(r, "arn:stream", StreamViewType.OLD_IMAGE);
    assertThat(e.eventSourceArn()).isEqualTo("arn:stream");
    assertThat(e.eventName()).isEqualTo(EventName.REMOVE);
    assertThat(e.awsRegion()).isEqualTo("eu-west-1");
    assertThat(e.userIdentity()).contains(new UserIdentity("Service", "dynamodb.amazonaws.com"));
    assertThat(e.dynamodb().streamViewType()).isEqualTo(StreamViewType.OLD_IMAGE);
    assertThat(e.dynamodb().newImage()).isEmpty();
    assertThat(e.dynamodb().sequenceNumber()).isEqualTo("4000000000000000000000000000000000000001");
    assertThat(e.dynamodb().approximateCreationDateTime())
        .isEqualTo(Instant.ofEpochSecond(1_700_000_000));
    Map<String, AttributeValue> old = e.dynamodb().oldImage().orElseThrow();
    assertThat(old)
        .containsEntry("s", AttributeValue.s("x"))
        .containsEntry("n", AttributeValue.n("1.5"))
        .containsEntry("b", AttributeValue.b((byte) 1, (byte) 2))
        .containsEntry("bool", AttributeValue.bool(true))
        .containsEntry("nul", AttributeValue.nul())
        .containsEntry("m", AttributeValue.m(Map.of("k", AttributeValue.s("v"))))
        .containsEntry("l", AttributeValue.l(AttributeValue.n(2), AttributeValue.s("y")))
        .containsEntry("ss", AttributeValue.ss("a", "b"))
        .containsEntry("ns", AttributeValue.ns("1", "2"))
        .containsEntry("bs", AttributeValue.bs(List.of(Bytes.of((byte) 3))));
  }
}
