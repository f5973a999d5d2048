package dev.tributary.engine.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.engine.model.TableSettings;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.function.UnaryOperator;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * Settings of tables that change no data (deletion protection, on-demand maximum and warm
 * throughput), persisted in {@link Keyspace#TABLE_SETTINGS} by the table's id, so a table
 * re-created under the same name starts with the defaults.
 */
public final class TableSettingsStore {
  private final ObjectMapper json = new ObjectMapper();
  private final EngineContext ctx;

  TableSettingsStore(EngineContext ctx) {
    this.ctx = ctx;
  }

  public synchronized TableSettings get(String tableName) {
    return get(key(tableName));
  }

  /** The settings of the table with this id (what a re-created table's new id starts without). */
  synchronized TableSettings byId(int tableId) {
    return get(ByteBuffer.allocate(4).putInt(tableId).array());
  }

  private TableSettings get(byte[] key) {
    byte[] v = ctx.store.get(Keyspace.TABLE_SETTINGS, key);
    if (v == null) {
      return TableSettings.DEFAULT;
    }
    try {
      return json.readValue(v, TableSettings.class);
    } catch (IOException e) {
      throw Store.failure("read table settings", new RocksDBException(e.getMessage()));
    }
  }

  public synchronized TableSettings update(String tableName, UnaryOperator<TableSettings> change) {
    TableSettings next = change.apply(get(tableName));
    try (WriteBatch batch = new WriteBatch()) {
      batch.put(
          ctx.store.cf(Keyspace.TABLE_SETTINGS), key(tableName), json.writeValueAsBytes(next));
      ctx.store.write(batch);
    } catch (RocksDBException | IOException e) {
      throw Store.failure(
          "write table settings",
          e instanceof RocksDBException r ? r : new RocksDBException(e.getMessage()));
    }
    ctx.metering.configure(ctx.activeTable(tableName)); // a new OnDemandThroughput applies at once
    return next;
  }

  private byte[] key(String tableName) {
    return ByteBuffer.allocate(4).putInt(ctx.activeTable(tableName).meta().id()).array();
  }
}
