package dev.tributary.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ChangeEventJsonTest {
  private static ChangeEvent event(boolean ttl, boolean snapshot) {
    return new ChangeEvent(
        "e1",
        EventName.REMOVE,
        "1.1",
        "aws:dynamodb",
        "us-east-1",
        "arn:aws:dynamodb:us-east-1:0:table/T/stream/x",
        new StreamRecord(
            Item.key("id", "1"),
            Optional.empty(),
            Optional.of(Item.builder().s("id", "1").n("ttl", 5).build()),
            "000000000000000000007",
            12,
            StreamViewType.NEW_AND_OLD_IMAGES,
            Instant.parse("2025-01-15T10:30:00.123Z")),
        ttl ? Optional.of(UserIdentity.TTL_SERVICE) : Optional.empty(),
        snapshot);
  }

  @Test
  void shouldWriteLambdasRecordShapeAndReadItBack() {
    ChangeEvent e = event(true, false);
    String json = ChangeEventJson.toJson(e);
    assertThat(json)
        .contains("\"ApproximateCreationDateTime\":1736937000.123")
        .contains("\"OldImage\":{\"id\":{\"S\":\"1\"},\"ttl\":{\"N\":\"5\"}}")
        .contains(
            "\"userIdentity\":{\"type\":\"Service\",\"principalId\":\"dynamodb.amazonaws.com\"}")
        .doesNotContain("NewImage")
        .doesNotContain("tributary");
    assertThat(ChangeEventJson.fromJson(json)).isEqualTo(e);
  }

  @Test
  void shouldMarkSnapshotEventsAndWrapBatchesAsLambdaDoes() {
    ChangeEvent e = event(false, true);
    assertThat(ChangeEventJson.fromJson(ChangeEventJson.toJson(e)).snapshot()).isTrue();
    assertThat(ChangeEventJson.toLambdaEvent(List.of(e, e)))
        .startsWith("{\"Records\":[{\"eventID\":\"e1\"");
  }
}
