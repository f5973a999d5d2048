package dev.tributary.engine.internal;

import dev.tributary.engine.model.AttributeDefinition;
import dev.tributary.engine.model.IndexDescription;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.ProvisionedThroughputDescription;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Renders a table's definition and live counts as DescribeTable reports them. */
final class Describer {
  private final EngineContext ctx;

  Describer(EngineContext ctx) {
    this.ctx = ctx;
  }

  TableDescription describe(TableRuntime t) {
    TableMeta m = t.meta();
    List<KeySchemaElement> keySchema = new ArrayList<>();
    keySchema.add(KeySchemaElement.hash(m.partitionKey()));
    if (m.sortKey() != null) {
      keySchema.add(KeySchemaElement.range(m.sortKey()));
    }
    List<AttributeDefinition> definitions = new ArrayList<>();
    for (Map.Entry<String, ScalarAttributeType> e : new TreeMap<>(m.attributeTypes()).entrySet()) {
      definitions.add(new AttributeDefinition(e.getKey(), e.getValue()));
    }
    List<IndexDescription> gsis = new ArrayList<>();
    List<IndexDescription> lsis = new ArrayList<>();
    for (IndexMeta i : m.indexes()) {
      (i.global() ? gsis : lsis).add(index(t, i));
    }
    Optional<StreamSpecification> stream =
        m.streamEnabled()
            ? Optional.of(StreamSpecification.enabled(m.streamViewType()))
            : Optional.empty();
    return new TableDescription(
        m.name(),
        t.tableArn,
        UUID.nameUUIDFromBytes(t.tableArn.concat("#" + m.id()).getBytes(StandardCharsets.UTF_8))
            .toString(),
        m.status(),
        Instant.ofEpochMilli(m.createdMillis()),
        keySchema,
        definitions,
        m.billingMode(),
        throughput(m.throughput()),
        Counters.items(ctx.store, m.id()),
        Counters.bytes(ctx.store, m.id()),
        gsis,
        lsis,
        stream,
        m.streamLabel() == null ? Optional.empty() : Optional.of(t.streamArn()),
        Optional.ofNullable(m.streamLabel()));
  }

  private IndexDescription index(TableRuntime t, IndexMeta i) {
    List<KeySchemaElement> ks = new ArrayList<>();
    i.partitionAttributes().forEach(a -> ks.add(KeySchemaElement.hash(a)));
    i.sortAttributes().forEach(a -> ks.add(KeySchemaElement.range(a)));
    return new IndexDescription(
        i.name(),
        t.tableArn + "/index/" + i.name(),
        i.global(),
        ks,
        new Projection(i.projectionType(), i.nonKeyAttributes()),
        i.status(),
        i.backfilling(),
        i.global() ? Optional.of(throughput(i.throughput())) : Optional.empty(),
        Counters.items(ctx.store, i.uid()),
        Counters.bytes(ctx.store, i.uid()));
  }

  static ProvisionedThroughputDescription throughput(ThroughputMeta tm) {
    return new ProvisionedThroughputDescription(
        tm.readUnits(),
        tm.writeUnits(),
        tm.lastIncreaseMillis() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(tm.lastIncreaseMillis())),
        tm.lastDecreaseMillis() == 0
            ? Optional.empty()
            : Optional.of(Instant.ofEpochMilli(tm.lastDecreaseMillis())),
        tm.decreasesToday());
  }
}
