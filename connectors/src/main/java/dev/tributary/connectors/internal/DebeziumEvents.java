package dev.tributary.connectors.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.ItemSizes;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Debezium's change envelope as Tributary's one event shape: {@code c} → INSERT, {@code r}
 * (snapshot read) → INSERT marked as snapshot, {@code u} → MODIFY, {@code d} → REMOVE. Debezium
 * itself turns a primary-key change into a delete of the old key and a create of the new one
 * (marked with the {@code __debezium.oldkey} header); they become REMOVE then INSERT. Primary-key
 * columns are the Keys, the first of them the partition key; both images are kept
 * (NEW_AND_OLD_IMAGES). Tombstones, heartbeats, schema changes and truncates map to nothing.
 */
public final class DebeziumEvents {
  private static final Logger log = LoggerFactory.getLogger(DebeziumEvents.class);
  static final String OLD_KEY_HEADER = "__debezium.oldkey";

  private final SourceKind kind;
  private final String eventSource;
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  public DebeziumEvents(SourceKind kind) {
    this.kind = kind;
    this.eventSource = "tributary:" + kind.system();
  }

  public List<SourceChange> map(SourceRecord record) {
    if (!(record.value() instanceof Struct value)
        || record.valueSchema() == null
        || record.valueSchema().name() == null
        || !record.valueSchema().name().endsWith(".Envelope")) {
      return List.of();
    }
    EventName name;
    boolean snapshot = false;
    switch (value.getString("op")) {
      case "c" -> name = EventName.INSERT;
      case "r" -> {
        name = EventName.INSERT;
        snapshot = true;
      }
      case "u" -> name = EventName.MODIFY;
      case "d" -> name = EventName.REMOVE;
      default -> {
        return List.of(); // t (truncate), m (message)
      }
    }
    Struct source = value.getStruct("source");
    String db = source.getString("db");
    String table = source.getString("table");
    String schema = kind.hasSchemas() ? source.getString("schema") : null;
    String tableName = (schema != null ? schema : db) + "." + table;
    if (!(record.key() instanceof Struct key) || key.schema().fields().isEmpty()) {
      warnOnce(
          tableName,
          "Table {} has no primary key; its changes are skipped (DynamoDB events need Keys). Add a primary key.");
      return List.of();
    }
    try {
      Topics.legal(tableName, "table");
    } catch (IllegalArgumentException e) {
      warnOnce(
          tableName,
          "Table {} cannot name a change topic (only [a-zA-Z0-9._-]); its changes are skipped.");
      return List.of();
    }
    boolean keyChangeInsert =
        name == EventName.INSERT && record.headers().lastWithName(OLD_KEY_HEADER) != null;
    String sequence = SourcePositions.format(kind.position(source), keyChangeInsert);
    Map<String, AttributeValue> keys = ColumnValues.item(key);
    Struct before = value.getStruct("before");
    Struct after = value.getStruct("after");
    Optional<Map<String, AttributeValue>> newImage =
        name == EventName.REMOVE || after == null
            ? Optional.empty()
            : Optional.of(ColumnValues.item(after));
    Optional<Map<String, AttributeValue>> oldImage =
        name == EventName.INSERT || before == null
            ? Optional.empty()
            : Optional.of(ColumnValues.item(before));
    long size =
        ItemSizes.itemSize(keys)
            + newImage.map(ItemSizes::itemSize).orElse(0L)
            + oldImage.map(ItemSizes::itemSize).orElse(0L);
    Long ts = source.getInt64("ts_ms");
    String arn =
        schema != null
            ? "arn:tributary:"
                + kind.system()
                + ":::db/"
                + db
                + "/schema/"
                + schema
                + "/table/"
                + table
            : "arn:tributary:" + kind.system() + ":::db/" + db + "/table/" + table;
    StreamRecord r =
        new StreamRecord(
            keys,
            newImage,
            oldImage,
            sequence,
            size,
            StreamViewType.NEW_AND_OLD_IMAGES,
            ts == null ? Instant.EPOCH : Instant.ofEpochMilli(ts));
    // A snapshot reads every row at one position: its keys make the id unique.
    String id = eventId(arn, sequence, snapshot ? AttributeValueJson.itemToJson(keys) : "");
    ChangeEvent event =
        new ChangeEvent(id, name, "1.1", eventSource, "", arn, r, Optional.empty(), snapshot);
    return List.of(new SourceChange(tableName, key.schema().fields().get(0).name(), event));
  }

  private void warnOnce(String table, String message) {
    if (warned.add(table)) {
      log.warn(message, table);
    }
  }

  static String eventId(String arn, String sequence, String keys) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((arn + "|" + sequence + "|" + keys).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
