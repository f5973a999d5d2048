package dev.tributary.engine.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.engine.ValidationException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Tags of tables (TagResource / UntagResource / ListTagsOfResource), persisted in {@link
 * Keyspace#TAGS}.
 */
public final class Tags {
  /** DynamoDB's limit of tags per resource. */
  public static final int MAX_TAGS = 50;

  private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};
  private final ObjectMapper json = new ObjectMapper();
  private final EngineContext ctx;

  Tags(EngineContext ctx) {
    this.ctx = ctx;
  }

  public synchronized Map<String, String> list(String tableName) {
    return Collections.unmodifiableMap(read(key(tableName)));
  }

  public synchronized void tag(String tableName, Map<String, String> add) {
    byte[] key = key(tableName);
    LinkedHashMap<String, String> tags = read(key);
    tags.putAll(add);
    if (tags.size() > MAX_TAGS) {
      throw new ValidationException(
          "One or more parameter values were invalid: The number of tags exceeds the limit of "
              + MAX_TAGS);
    }
    write(key, tags);
  }

  public synchronized void untag(String tableName, Collection<String> keys) {
    byte[] key = key(tableName);
    LinkedHashMap<String, String> tags = read(key);
    if (tags.keySet().removeAll(keys)) {
      write(key, tags);
    }
  }

  private byte[] key(String tableName) {
    return ByteBuffer.allocate(4).putInt(ctx.activeTable(tableName).meta().id()).array();
  }

  private LinkedHashMap<String, String> read(byte[] key) {
    byte[] v = ctx.store.get(Keyspace.TAGS, key);
    if (v == null) {
      return new LinkedHashMap<>();
    }
    try {
      return json.readValue(v, MAP);
    } catch (IOException e) {
      throw Store.failure("read tags", new RocksDBException(e.getMessage()));
    }
  }

  private void write(byte[] key, Map<String, String> tags) {
    try (WriteBatch batch = new WriteBatch()) {
      if (tags.isEmpty()) {
        batch.delete(ctx.store.cf(Keyspace.TAGS), key);
      } else {
        batch.put(ctx.store.cf(Keyspace.TAGS), key, json.writeValueAsBytes(tags));
      }
      ctx.store.write(batch);
    } catch (RocksDBException | IOException e) {
      throw Store.failure(
          "write tags", e instanceof RocksDBException r ? r : new RocksDBException(e.getMessage()));
    }
  }
}
