package dev.tributary.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.WriteBatch;

class GroupCommitTest {
  private static final int THREADS = 16;
  private static final int BATCHES_PER_THREAD = 150;

  @TempDir Path dir;

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void shouldCommitEveryConcurrentBatchWholeAndShareFsyncs() throws Exception {
    try (Store store = new Store(dir, true, 8 << 20)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          go.await();
          for (int i = 0; i < BATCHES_PER_THREAD; i++) {
            // one batch = two puts in different keyspaces + a counter merge, as a real write stages
            try (WriteBatch batch = new WriteBatch()) {
              batch.put(store.cf(Keyspace.ITEMS), bytes("item-" + thread + "-" + i), bytes("v" + i));
              batch.put(store.cf(Keyspace.CHANGELOG), bytes("log-" + thread + "-" + i), bytes("r" + i));
              batch.merge(store.cf(Keyspace.COUNTERS), Counters.itemsKey(7), Counters.delta(1));
              store.write(batch);
            }
            // acknowledged means visible
            assertThat(store.get(Keyspace.ITEMS, bytes("item-" + thread + "-" + i))).isEqualTo(bytes("v" + i));
          }
          return null;
        }));
      }
      go.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();

      int batches = THREADS * BATCHES_PER_THREAD;
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < BATCHES_PER_THREAD; i++) {
          assertThat(store.get(Keyspace.ITEMS, bytes("item-" + t + "-" + i))).isEqualTo(bytes("v" + i));
          assertThat(store.get(Keyspace.CHANGELOG, bytes("log-" + t + "-" + i))).isEqualTo(bytes("r" + i));
        }
      }
      assertThat(Counters.read(store.get(Keyspace.COUNTERS, Counters.itemsKey(7)))).isEqualTo(batches);
      // 16 writers waiting on fsyncs: groups formed, so fewer RocksDB writes than batches
      assertThat(store.groupWrites()).isPositive().isLessThan(batches);
    }
  }

  @Test
  void shouldSurviveReopenWithEveryGroupedBatch() throws Exception {
    int batches = THREADS * 20;
    try (Store store = new Store(dir, true, 8 << 20)) {
      ExecutorService pool = Executors.newFixedThreadPool(THREADS);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < 20; i++) {
            try (WriteBatch batch = new WriteBatch()) {
              batch.put(store.cf(Keyspace.ITEMS), bytes("k-" + thread + "-" + i), bytes("v"));
              batch.merge(store.cf(Keyspace.COUNTERS), Counters.itemsKey(9), Counters.delta(1));
              store.write(batch);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdown();
    }
    try (Store reopened = new Store(dir, true, 8 << 20)) {
      assertThat(Counters.read(reopened.get(Keyspace.COUNTERS, Counters.itemsKey(9)))).isEqualTo(batches);
      for (int t = 0; t < THREADS; t++) {
        for (int i = 0; i < 20; i++) {
          assertThat(reopened.get(Keyspace.ITEMS, bytes("k-" + t + "-" + i))).isEqualTo(bytes("v"));
        }
      }
    }
  }
}
