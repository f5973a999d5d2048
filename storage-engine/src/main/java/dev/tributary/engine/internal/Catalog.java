package dev.tributary.engine.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.engine.InternalServerError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;

/**
 * Table definitions, persisted as JSON in {@link Keyspace#CATALOG}, and the id counter shared by
 * tables and indexes. Ids are never reused, so data left behind by a dropped table or index can
 * never be mistaken for a new one's.
 */
final class Catalog {
  private static final byte[] NEXT_ID = "\u0000next-id".getBytes(StandardCharsets.UTF_8);
  private static final byte TABLE_PREFIX = 't';
  private final ObjectMapper json =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final Store store;
  private int nextId;

  Catalog(Store store) {
    this.store = store;
    byte[] v = store.get(Keyspace.CATALOG, NEXT_ID);
    this.nextId = v == null ? 1 : ByteBuffer.wrap(v).getInt();
  }

  /** Reserves {@code count} fresh ids, durably, and returns the first. */
  synchronized int allocateIds(int count) {
    int first = nextId;
    nextId += count;
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.cf(Keyspace.CATALOG), NEXT_ID, ByteBuffer.allocate(4).putInt(nextId).array());
      store.write(batch);
    } catch (RocksDBException e) {
      throw Store.failure("catalog write", e);
    }
    return first;
  }

  List<TableMeta> loadAll() {
    List<TableMeta> out = new ArrayList<>();
    try (ReadOptions ro = new ReadOptions();
        RocksIterator it = store.iterator(Keyspace.CATALOG, ro)) {
      for (it.seek(new byte[] {TABLE_PREFIX});
          it.isValid() && it.key()[0] == TABLE_PREFIX;
          it.next()) {
        out.add(json.readValue(it.value(), TableMeta.class));
      }
    } catch (IOException e) {
      throw new InternalServerError("The table catalog is unreadable: " + e.getMessage());
    }
    return out;
  }

  void save(TableMeta meta) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(store.cf(Keyspace.CATALOG), key(meta.name()), json.writeValueAsBytes(meta));
      store.write(batch);
    } catch (RocksDBException | IOException e) {
      throw new InternalServerError("Cannot save table " + meta.name() + ": " + e.getMessage());
    }
  }

  void remove(String tableName) {
    try (WriteBatch batch = new WriteBatch()) {
      batch.delete(store.cf(Keyspace.CATALOG), key(tableName));
      store.write(batch);
    } catch (RocksDBException e) {
      throw Store.failure("catalog delete", e);
    }
  }

  private static byte[] key(String tableName) {
    byte[] name = tableName.getBytes(StandardCharsets.UTF_8);
    byte[] k = new byte[name.length + 1];
    k[0] = TABLE_PREFIX;
    System.arraycopy(name, 0, k, 1, name.length);
    return k;
  }
}
