package dev.tributary.worker.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The configuration table in docs/operations.md and docs/tributary-config.schema.json are what
 * {@link WorkerKeys} generates. After changing a key, regenerate both with {@code
 * -Dtributary.docs.write=true}.
 */
class ConfigDocsTest {
  private static final String REGENERATE =
      "; regenerate with: ./mvnw -B -ntp -o -pl worker -am test"
          + " -Dtest=ConfigDocsTest -Dsurefire.failIfNoSpecifiedTests=false -Dtributary.docs.write=true"
          + " (or run dev.tributary.worker.config.internal.ConfigDocs with the repository root as argument)";

  @Test
  void shouldKeepTheConfigurationTableInOperationsMdGenerated() throws IOException {
    assertEquals(
        ConfigDocs.table(),
        generated(ConfigDocs.TABLE_START, ConfigDocs.TABLE_END),
        ConfigDocs.OPERATIONS + "'s configuration table differs from WorkerKeys" + REGENERATE);
  }

  @Test
  void shouldKeepTheHandlerConfigTablesInOperationsMdGenerated() throws IOException {
    assertEquals(
        ConfigDocs.handlerTables(),
        generated(ConfigDocs.HANDLER_TABLES_START, ConfigDocs.HANDLER_TABLES_END),
        ConfigDocs.OPERATIONS
            + "'s handler configuration tables differ from the handler factories' configKeys()"
            + REGENERATE);
  }

  /**
   * What docs/operations.md holds between the markers (written first with
   * -Dtributary.docs.write=true).
   */
  private static String generated(String startMarker, String endMarker) throws IOException {
    Path root = repositoryRoot();
    if (Boolean.getBoolean("tributary.docs.write")) {
      ConfigDocs.write(root);
    }
    String doc = Files.readString(root.resolve(ConfigDocs.OPERATIONS), StandardCharsets.UTF_8);
    int start = doc.indexOf(startMarker);
    int end = doc.indexOf(endMarker);
    assertTrue(
        start >= 0 && end > start, ConfigDocs.OPERATIONS + " lacks the markers " + startMarker);
    return doc.substring(start + startMarker.length() + 1, end);
  }

  @Test
  void shouldListEveryBuiltInHandlerTypesKeys() {
    String tables = ConfigDocs.handlerTables();
    for (String type :
        new String[] {
          "email",
          "search",
          "archive",
          "lambda",
          "function",
          "stdout",
          "log",
          "file",
          "webhook",
          "kafka"
        }) {
      assertTrue(tables.contains("#### `type: " + type + "`\n"), type + " in\n" + tables);
    }
    assertTrue(tables.contains("| `smtp.timeout` | `30s` |"), tables);
    assertTrue(
        tables.contains("| `failure-scope` | `from-lowest` |"),
        "enum defaults as YAML writes them");
    assertTrue(
        tables.contains("| `filter-criteria` | — |"),
        "keys a factory reads as given are declared too");
    assertFalse(
        tables.contains("`type: ledger`"),
        "test factories on the class path are not built-in types");
  }

  @Test
  void shouldKeepTheJsonSchemaGenerated() throws IOException {
    Path root = repositoryRoot();
    if (Boolean.getBoolean("tributary.docs.write")) {
      ConfigDocs.write(root);
    }
    String schema = Files.readString(root.resolve(ConfigDocs.SCHEMA), StandardCharsets.UTF_8);
    assertEquals(
        ConfigDocs.schema(), schema, ConfigDocs.SCHEMA + " differs from WorkerKeys" + REGENERATE);
  }

  @Test
  void shouldListEveryDeclaredKeyWithItsDefault() {
    String table = ConfigDocs.table();
    assertTrue(table.contains("| `worker.http.port` | `9464` |"), table);
    assertTrue(table.contains("| `worker.id` | random |"), table);
    assertTrue(table.contains("| `pipelines[].handlers.<name>.retry.attempts` | `5` |"), table);
    assertTrue(
        table.contains("| `sources[].poll-interval` (`dynamodb-streams`) | `250ms` |"), table);
    assertTrue(table.contains("`{name, type: S\\|N\\|B}`"), "pipes are escaped in cells");
  }

  @Test
  void shouldRejectADocumentWithoutMarkers() {
    assertThrows(IllegalArgumentException.class, () -> ConfigDocs.withTable("# no table here\n"));
    String stale = ConfigDocs.TABLE_START + "\n| old |\n" + ConfigDocs.TABLE_END + "\n";
    assertFalse(ConfigDocs.withTable(stale).contains("| old |"));
  }

  /** The repository's root: the first directory above this one holding docs/operations.md. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.exists(dir.resolve(ConfigDocs.OPERATIONS))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException(
          ConfigDocs.OPERATIONS + " not found above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }
}
