package dev.tributary.bench;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Durable (fsync) puts of new items with 1, 4 and 16 writer threads, against several engines open
 * side by side in one JVM, each with a different write-path setting given as system properties when
 * it opens. Windows of a few seconds alternate between the engines in a random order each round, so
 * a shared machine's load drifts over all of them alike; the medians over rounds are compared.
 *
 * <p>{@code java -cp benchmarks.jar dev.tributary.bench.GroupCommitBenchmark [--rounds 7] [--window
 * 2] [--threads 1,4,16] [--variants name=prop=value;prop=value,...]}
 */
public final class GroupCommitBenchmark {
  private GroupCommitBenchmark() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = new LinkedHashMap<>();
    for (int i = 0; i + 1 < args.length; i += 2) {
      opts.put(args[i].substring(2), args[i + 1]);
    }
    int rounds = Integer.parseInt(opts.getOrDefault("rounds", "7"));
    double window = Double.parseDouble(opts.getOrDefault("window", "2"));
    int[] threadCounts =
        Arrays.stream(opts.getOrDefault("threads", "1,4,16").split(","))
            .mapToInt(Integer::parseInt)
            .toArray();
    Map<String, Map<String, String>> variants = new LinkedHashMap<>();
    for (String v : opts.getOrDefault("variants", "default=").split(",")) {
      String[] nv = v.split("=", 2);
      Map<String, String> props = new LinkedHashMap<>();
      for (String p : nv[1].split(";")) {
        if (!p.isBlank()) {
          String[] kv = p.split("=", 2);
          props.put(kv[0], kv[1]);
        }
      }
      variants.put(nv[0], props);
    }
    Map<String, TributaryEngine> engines = new LinkedHashMap<>();
    List<Path> dirs = new ArrayList<>();
    try {
      for (Map.Entry<String, Map<String, String>> v : variants.entrySet()) {
        v.getValue().forEach(System::setProperty);
        Path dir = BenchDirs.create("groupcommit");
        dirs.add(dir);
        TributaryEngine engine =
            TributaryEngine.open(EngineOptions.builder(dir).syncWrites(true).build());
        v.getValue().keySet().forEach(System::clearProperty);
        engine.createTable(
            CreateTableRequest.builder(Orders.TABLE)
                .partitionKey("customerId", ScalarAttributeType.S)
                .sortKey("orderDate", ScalarAttributeType.S)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .build());
        engines.put(v.getKey(), engine);
      }
      System.out.printf(
          Locale.ROOT,
          "# GroupCommitBenchmark: %d rounds of %.1f s windows, threads %s, variants %s, load %s%n",
          rounds,
          window,
          Arrays.toString(threadCounts),
          variants,
          Files.readString(Path.of("/proc/loadavg")).trim());
      Map<String, List<Double>> results = new LinkedHashMap<>();
      AtomicLong counter = new AtomicLong();
      Random random = new Random(7);
      List<String> order = new ArrayList<>(engines.keySet());
      // one unmeasured round first (JIT, RocksDB warm-up)
      for (int round = 0; round <= rounds; round++) {
        for (int threads : threadCounts) {
          Collections.shuffle(order, random);
          for (String name : order) {
            double rate = run(engines.get(name), threads, round == 0 ? 1 : window, counter);
            if (round > 0) {
              results.computeIfAbsent(threads + " " + name, k -> new ArrayList<>()).add(rate);
            }
          }
        }
        System.out.printf(
            Locale.ROOT,
            "# round %d done, load %s%n",
            round,
            Files.readString(Path.of("/proc/loadavg")).trim());
      }
      System.out.println("threads,variant,median_ops_per_s,min,max,ratio_to_first");
      for (int threads : threadCounts) {
        double base = 0;
        for (String name : engines.keySet()) {
          List<Double> r = new ArrayList<>(results.get(threads + " " + name));
          Collections.sort(r);
          double median = r.get(r.size() / 2);
          if (base == 0) {
            base = median;
          }
          System.out.printf(
              Locale.ROOT,
              "%d,%s,%.0f,%.0f,%.0f,%.2f%n",
              threads,
              name,
              median,
              r.get(0),
              r.get(r.size() - 1),
              median / base);
        }
      }
    } finally {
      engines.values().forEach(TributaryEngine::close);
      dirs.forEach(BenchDirs::delete);
    }
  }

  private static double run(TributaryEngine engine, int threads, double seconds, AtomicLong counter)
      throws InterruptedException {
    AtomicLong ops = new AtomicLong();
    CountDownLatch go = new CountDownLatch(1);
    long[] end = new long[1];
    List<Thread> ts = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int thread = t;
      Thread th =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  return;
                }
                long n = 0;
                while (System.nanoTime() < end[0]) {
                  long c = counter.incrementAndGet();
                  Map<String, AttributeValue> item =
                      Orders.order(
                          Orders.newCustomer(thread, c),
                          Orders.orderDate(0),
                          Orders.STATUSES[0],
                          Orders.writtenTotal(c),
                          1);
                  engine.putItem(PutItemRequest.of(Orders.TABLE, item));
                  n++;
                }
                ops.addAndGet(n);
              });
      ts.add(th);
      th.start();
    }
    long t0 = System.nanoTime();
    end[0] = t0 + (long) (seconds * 1e9);
    go.countDown();
    for (Thread th : ts) {
      th.join();
    }
    return ops.get() / ((System.nanoTime() - t0) / 1e9);
  }
}
