package dev.tributary.connectors.internal;

import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.KeyType;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** Lists the engine's tables with what the relay needs of each (ListTables + DescribeTable). */
final class EngineTables {
  /** One table: its id, its partition-key attribute and whether its stream is on. */
  record TableInfo(String name, String tableId, String partitionKey, boolean streamEnabled) {}

  private EngineTables() {}

  static List<TableInfo> list(TributaryEngine engine) {
    List<TableInfo> out = new ArrayList<>();
    Optional<String> start = Optional.empty();
    do {
      ListTablesResponse page = engine.listTables(start, OptionalInt.of(100));
      for (String name : page.tableNames()) {
        describe(engine, name).ifPresent(out::add);
      }
      start = page.lastEvaluatedTableName();
    } while (start.isPresent());
    return out;
  }

  private static Optional<TableInfo> describe(TributaryEngine engine, String name) {
    TableDescription d;
    try {
      d = engine.describeTable(name);
    } catch (ResourceNotFoundException e) {
      return Optional.empty(); // deleted between the list and the describe
    }
    String pk =
        d.keySchema().stream()
            .filter(k -> k.keyType() == KeyType.HASH)
            .map(KeySchemaElement::attributeName)
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Table " + name + " has no HASH key"));
    boolean enabled = d.streamSpecification().map(StreamSpecification::streamEnabled).orElse(false);
    return Optional.of(new TableInfo(name, d.tableId(), pk, enabled));
  }
}
