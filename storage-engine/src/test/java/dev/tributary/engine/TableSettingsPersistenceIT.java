package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TableSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Table settings survive a restart and do not outlive their table. */
class TableSettingsPersistenceIT {
  @TempDir Path dir;

  private TributaryEngine open() {
    return TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
  }

  @Test
  void shouldKeepDeletionProtectionAcrossRestartsAndForgetItWithTheTable() {
    try (TributaryEngine engine = open()) {
      engine.createTable(CreateTableRequest.builder("Kept").partitionKey("pk", ScalarAttributeType.S).build());
      engine.updateTableSettings("Kept", s -> s.withDeletionProtection(true)
          .withOnDemand("", new TableSettings.Units(10, 20)));
    }
    try (TributaryEngine engine = open()) {
      assertThat(engine.tableSettings("Kept").deletionProtectionEnabled()).isTrue();
      assertThat(engine.tableSettings("Kept").onDemand("")).contains(new TableSettings.Units(10, 20));
      assertThatThrownBy(() -> engine.deleteTable("Kept"))
          .isInstanceOf(ValidationException.class)
          .hasMessage(TributaryEngine.DELETION_PROTECTED);
      engine.updateTableSettings("Kept", s -> s.withDeletionProtection(false));
      engine.deleteTable("Kept");
    }
    try (TributaryEngine engine = open()) {
      engine.createTable(CreateTableRequest.builder("Kept").partitionKey("pk", ScalarAttributeType.S).build());
      assertThat(engine.tableSettings("Kept")).isEqualTo(TableSettings.DEFAULT);
    }
  }
}
