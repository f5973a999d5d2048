package dev.tributary.engine.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;

/**
 * Group commit: concurrent writers' batches become one fsynced RocksDB write. The first writer to
 * find no write in progress leads: it takes every batch queued so far (its own first), writes them
 * as one batch with one fsync, and wakes their writers; batches that arrive meanwhile form the
 * next group. Each writer's batch stays atomic (the combined batch is), and within a group the
 * batches keep their arrival order.
 */
final class GroupCommit {
  /** RocksDB's own write-group limit; a group stops growing past it. */
  private static final int MAX_GROUP_BYTES = 1 << 20;

  private static final int HEADER = 12; // sequence (8 bytes) + count (4 bytes), little-endian

  private final RocksDB db;
  private final WriteOptions options;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition finished = lock.newCondition();
  private final ArrayDeque<Writer> queue = new ArrayDeque<>();
  private boolean leading;
  private long writes;

  private static final class Writer {
    final WriteBatch batch;
    boolean done;
    RocksDBException error;

    Writer(WriteBatch batch) {
      this.batch = batch;
    }
  }

  GroupCommit(RocksDB db, WriteOptions options) {
    this.db = db;
    this.options = options;
  }

  /** How many RocksDB writes (groups) were made. */
  long writes() {
    lock.lock();
    try {
      return writes;
    } finally {
      lock.unlock();
    }
  }

  /** Returns once {@code batch} is written (and fsynced when the options say so). */
  void write(WriteBatch batch) throws RocksDBException {
    Writer me = new Writer(batch);
    List<Writer> group = new ArrayList<>();
    lock.lock();
    try {
      queue.add(me);
      while (leading && !me.done) {
        finished.awaitUninterruptibly();
      }
      if (me.done) {
        if (me.error != null) {
          throw me.error;
        }
        return;
      }
      leading = true;
      long bytes = 0;
      while (!queue.isEmpty() && (group.isEmpty() || bytes < MAX_GROUP_BYTES)) {
        Writer w = queue.poll();
        group.add(w);
        bytes += w.batch.getDataSize();
      }
    } finally {
      lock.unlock();
    }
    RocksDBException error = null;
    try {
      writeGroup(group);
    } catch (RocksDBException e) {
      error = e;
    }
    lock.lock();
    try {
      for (Writer w : group) {
        w.done = true;
        w.error = error;
      }
      leading = false;
      writes++;
      finished.signalAll();
    } finally {
      lock.unlock();
    }
    if (error != null) {
      throw error;
    }
  }

  private void writeGroup(List<Writer> group) throws RocksDBException {
    if (group.size() == 1) {
      db.write(options, group.get(0).batch);
      return;
    }
    List<byte[]> parts = new ArrayList<>(group.size());
    int size = HEADER;
    int count = 0;
    for (Writer w : group) {
      byte[] data = w.batch.data();
      parts.add(data);
      size += data.length - HEADER;
      count += w.batch.count();
    }
    ByteBuffer merged = ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    merged.putLong(0).putInt(count);
    for (byte[] data : parts) {
      merged.put(data, HEADER, data.length - HEADER);
    }
    try (WriteBatch combined = new WriteBatch(merged.array())) {
      db.write(options, combined);
    }
  }
}
