package dev.tributary.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagsIT {
  @TempDir Path dir;

  private static void create(TributaryEngine engine, String name) {
    engine.createTable(
        CreateTableRequest.builder(name).partitionKey("pk", ScalarAttributeType.S).build());
  }

  @Test
  void shouldPersistTagsAcrossReopenAndDropThemWithTheTable() {
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      create(engine, "Tagged");
      engine.tagResource("Tagged", Map.of("team", "orders", "env", "dev"));
      engine.untagResource("Tagged", List.of("env", "unknown"));
    }
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      assertThat(engine.listTagsOfResource("Tagged")).isEqualTo(Map.of("team", "orders"));
      engine.deleteTable("Tagged");
      create(engine, "Tagged");
      assertThat(engine.listTagsOfResource("Tagged")).isEmpty();
      assertThatThrownBy(() -> engine.listTagsOfResource("Missing"))
          .isInstanceOf(ResourceNotFoundException.class);
    }
  }

  @Test
  void shouldRejectMoreThanFiftyTags() {
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      create(engine, "Many");
      Map<String, String> tags = new HashMap<>();
      for (int i = 0; i < 51; i++) {
        tags.put("k" + i, "v");
      }
      assertThatThrownBy(() -> engine.tagResource("Many", tags))
          .isInstanceOf(ValidationException.class)
          .hasMessageContaining("limit of 50");
      assertThat(engine.listTagsOfResource("Many")).isEmpty();
    }
  }
}
