package dev.tributary.worker.config.internal;

import static dev.tributary.worker.config.internal.WorkerKeys.GSIS;
import static dev.tributary.worker.config.internal.WorkerKeys.INDEX_NAME;
import static dev.tributary.worker.config.internal.WorkerKeys.PARTITION_KEY;
import static dev.tributary.worker.config.internal.WorkerKeys.PROJECTION;
import static dev.tributary.worker.config.internal.WorkerKeys.SORT_KEY;
import static dev.tributary.worker.config.internal.WorkerKeys.STREAM;
import static dev.tributary.worker.config.internal.WorkerKeys.TABLES;
import static dev.tributary.worker.config.internal.WorkerKeys.TABLE_NAME;

import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ScalarAttributeType;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code engine.embedded.tables}: the tables the embedded engine must have, created at start when
 * missing. A key is an attribute name (type S) or {@code {name: ..., type: S|N|B}}.
 */
final class TableReader {
  private TableReader() {}

  static List<CreateTableRequest> tables(Node list) {
    List<CreateTableRequest> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (Node t : list.elements()) {
      t.allowOnly(TABLES);
      Optional<String> name = t.get(TABLE_NAME).requiredText();
      if (name.isPresent() && !names.add(name.get())) {
        t.get(TABLE_NAME).problem("table '" + name.get() + "' is declared twice");
      }
      Map<String, ScalarAttributeType> attributes = new LinkedHashMap<>();
      Optional<String> pk = key(t.get(PARTITION_KEY), true, attributes);
      Optional<String> sk = key(t.get(SORT_KEY), false, attributes);
      String stream = t.valueOr(STREAM);
      List<GlobalSecondaryIndex> gsis = new ArrayList<>();
      for (Node g : t.get(GSIS).elements()) {
        g.allowOnly(GSIS);
        Optional<String> gName = g.get(INDEX_NAME).requiredText();
        Optional<String> gPk = key(g.get(PARTITION_KEY), true, attributes);
        Optional<String> gSk = key(g.get(SORT_KEY), false, attributes);
        Projection projection = projection(g.get(PROJECTION));
        if (gName.isPresent() && gPk.isPresent()) {
          List<KeySchemaElement> schema =
              new ArrayList<>(List.of(KeySchemaElement.hash(gPk.get())));
          gSk.ifPresent(s -> schema.add(KeySchemaElement.range(s)));
          gsis.add(
              GlobalSecondaryIndex.of(
                  gName.get(), projection, schema.toArray(KeySchemaElement[]::new)));
        }
      }
      if (name.isEmpty() || pk.isEmpty()) {
        continue;
      }
      t.attempt(
              () -> {
                CreateTableRequest.Builder b =
                    CreateTableRequest.builder(name.get()).payPerRequest();
                attributes.forEach(b::attribute);
                b.keySchema(
                    sk.map(
                            s ->
                                new KeySchemaElement[] {
                                  KeySchemaElement.hash(pk.get()), KeySchemaElement.range(s)
                                })
                        .orElse(new KeySchemaElement[] {KeySchemaElement.hash(pk.get())}));
                gsis.forEach(b::globalSecondaryIndex);
                if (!"NONE".equals(stream)) {
                  b.stream(StreamViewType.valueOf(stream));
                }
                return b.build();
              })
          .ifPresent(out::add);
    }
    return out;
  }

  /** A key attribute's name, its type recorded in {@code attributes}. */
  private static Optional<String> key(
      Node k, boolean required, Map<String, ScalarAttributeType> attributes) {
    if (!k.present()) {
      if (required) {
        k.problem("is required");
      }
      return Optional.empty();
    }
    Optional<String> name;
    ScalarAttributeType type = ScalarAttributeType.S;
    if (k.isScalar()) {
      name = k.text();
    } else {
      k.allowOnly("name", "type");
      name = k.get("name").requiredText();
      type =
          k.get("type")
              .oneOf("S", "N", "B")
              .map(ScalarAttributeType::valueOf)
              .orElse(ScalarAttributeType.S);
    }
    if (name.isPresent()) {
      ScalarAttributeType before = attributes.putIfAbsent(name.get(), type);
      if (before != null && before != type) {
        k.problem(
            "attribute '" + name.get() + "' is declared as " + before + " elsewhere in this table");
      }
    }
    return name;
  }

  private static Projection projection(Node p) {
    if (!p.present()) {
      return Projection.all();
    }
    if (p.isScalar()) {
      return p.oneOf("ALL", "KEYS_ONLY")
          .map(v -> v.equals("ALL") ? Projection.all() : Projection.keysOnly())
          .orElse(Projection.all());
    }
    p.allowOnly("include");
    return Projection.include(
        p.get("include").elements().stream()
            .map(Node::text)
            .flatMap(Optional::stream)
            .toArray(String[]::new));
  }
}
