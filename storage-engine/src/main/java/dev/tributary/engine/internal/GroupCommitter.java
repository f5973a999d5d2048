package dev.tributary.engine.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fsynced writes that no thread waits for. A writer hands its staged batch over and goes on; one
 * committer thread takes every batch queued so far, writes them as one RocksDB batch with one
 * fsync, then completes each writer's future, in queue order, on this thread. Each batch stays
 * atomic (the combined batch is) and becomes visible only once it is durable.
 *
 * <p>Why not RocksDB's own write groups: there every fsynced writer is a thread asleep until its
 * group's fsync is done, and on a small virtual machine that sleep and wake-up cost about as much
 * CPU as the rest of a PutItem (BENCHMARKS.md, "Durable writes without a waiting thread").
 */
final class GroupCommitter implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GroupCommitter.class);

  /** A group stops growing past this many bytes (RocksDB's own write-group limit). */
  private static final int MAX_GROUP_BYTES = 1 << 20;

  /** A serialized WriteBatch starts with its sequence (8 bytes) and count (4), little-endian. */
  private static final int HEADER = 12;

  private record Commit(WriteBatch batch, CompletableFuture<Void> done) {}

  private final RocksDB db;
  private final WriteOptions options;
  private final LinkedBlockingQueue<Commit> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean closing;

  GroupCommitter(RocksDB db, WriteOptions options) {
    this.db = db;
    this.options = options;
    this.thread = new Thread(this::run, "tributary-engine-commit");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues {@code batch}; the future completes once it is written and fsynced, or fails with the
   * store's error. The caller must not touch the batch until then.
   */
  CompletableFuture<Void> submit(WriteBatch batch) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closing) {
      done.completeExceptionally(new IllegalStateException("The table engine is closing"));
      return done;
    }
    queue.add(new Commit(batch, done));
    if (!thread.isAlive()) {
      // The committer stopped between the check above and the add (it stops only when closing,
      // once the queue is empty): nobody else would ever complete this write.
      failQueued();
    }
    return done;
  }

  private void run() {
    List<Commit> group = new ArrayList<>();
    while (!closing || !queue.isEmpty()) {
      try {
        Commit first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        group.add(first);
        long bytes = first.batch().getDataSize();
        Commit next;
        while (bytes < MAX_GROUP_BYTES && (next = queue.poll()) != null) {
          group.add(next);
          bytes += next.batch().getDataSize();
        }
        RocksDBException error = null;
        try {
          write(group);
        } catch (RocksDBException e) {
          error = e;
        }
        for (Commit c : group) {
          complete(c, error);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        closing = true;
      } catch (RuntimeException e) {
        // A completion threw: theirs to handle; the committer must keep going for everyone else.
        log.warn("A write's completion failed", e);
      } finally {
        group.clear();
      }
    }
  }

  private static void complete(Commit c, RocksDBException error) {
    try {
      if (error == null) {
        c.done().complete(null);
      } else {
        c.done().completeExceptionally(Store.failure("write", error));
      }
    } catch (RuntimeException e) {
      log.warn("A write's completion failed", e);
    }
  }

  private void write(List<Commit> group) throws RocksDBException {
    if (group.size() == 1) {
      db.write(options, group.get(0).batch());
      return;
    }
    List<byte[]> parts = new ArrayList<>(group.size());
    int size = HEADER;
    int count = 0;
    for (Commit c : group) {
      byte[] data = c.batch().data();
      parts.add(data);
      size += data.length - HEADER;
      count += c.batch().count();
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

  /** Writes what is queued, then stops; later submissions fail. */
  @Override
  public void close() {
    closing = true;
    try {
      thread.join(TimeUnit.SECONDS.toMillis(30));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    failQueued();
  }

  /** Fails every write still queued: the committer thread is gone and will not write them. */
  private void failQueued() {
    Commit left;
    while ((left = queue.poll()) != null) {
      left.done().completeExceptionally(new IllegalStateException("The table engine closed"));
    }
  }
}
