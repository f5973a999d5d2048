package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.BillingMode;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableSettings;
import dev.tributary.engine.model.UpdateTableRequest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table settings and earlier streams survive a restart; settings do not outlive their table. */
class TableSettingsPersistenceIT {
  @TempDir Path dir;

  private TributaryEngine open() {
    return TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
  }

  @Test
  void shouldKeepDeletionProtectionAcrossRestartsAndForgetItWithTheTable() {
    try (TributaryEngine engine = open()) {
      engine.createTable(
          CreateTableRequest.builder("Kept").partitionKey("pk", ScalarAttributeType.S).build());
      engine.updateTableSettings(
          "Kept",
          s -> s.withDeletionProtection(true).withOnDemand("", new TableSettings.Units(10, 20)));
    }
    try (TributaryEngine engine = open()) {
      assertThat(engine.tableSettings("Kept").deletionProtectionEnabled()).isTrue();
      assertThat(engine.tableSettings("Kept").onDemand(""))
          .contains(new TableSettings.Units(10, 20));
      assertThatThrownBy(() -> engine.deleteTable("Kept"))
          .isInstanceOf(ValidationException.class)
          .hasMessage(TributaryEngine.DELETION_PROTECTED);
      engine.updateTableSettings("Kept", s -> s.withDeletionProtection(false));
      engine.deleteTable("Kept");
    }
    try (TributaryEngine engine = open()) {
      engine.createTable(
          CreateTableRequest.builder("Kept").partitionKey("pk", ScalarAttributeType.S).build());
      assertThat(engine.tableSettings("Kept")).isEqualTo(TableSettings.DEFAULT);
    }
  }

  @Test
  void shouldKeepEarlierStreamsAndOnDemandMaximaAcrossRestarts() throws Exception {
    String first;
    try (TributaryEngine engine = open()) {
      engine.createTable(
          CreateTableRequest.builder("Streamed")
              .partitionKey("pk", ScalarAttributeType.S)
              .billingMode(BillingMode.PAY_PER_REQUEST)
              .stream(StreamViewType.KEYS_ONLY)
              .build());
      first = engine.changeStream("Streamed").streamLabel().orElseThrow();
      engine.updateTable(
          UpdateTableRequest.builder("Streamed").stream(StreamSpecification.disabled()).build());
      Thread.sleep(5);
      engine.updateTable(
          UpdateTableRequest.builder("Streamed").stream(
                  StreamSpecification.enabled(StreamViewType.KEYS_ONLY))
              .build());
      engine.updateTableSettings(
          "Streamed", s -> s.withOnDemand("", new TableSettings.Units(-1, 1)));
    }
    try (TributaryEngine engine = open()) {
      assertThat(engine.changeStream("Streamed").earlierStreams())
          .extracting(ChangeStream.EarlierStream::label)
          .containsExactly(first);
      String big = "x".repeat(10_000); // 10 write units against a maximum of 1 per second
      engine.putItem(
          PutItemRequest.of("Streamed", Item.builder().s("pk", "a").s("big", big).build()));
      assertThatThrownBy(
              () ->
                  engine.putItem(
                      PutItemRequest.of("Streamed", Item.builder().s("pk", "b").build())))
          .isInstanceOf(ThrottlingException.class);
    }
  }
}
