package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The child process of {@link CrashRecoveryIT}: opens the engine with synced writes, creates the
 * table if absent, then writes until it is killed, printing one line per acknowledged write:
 *
 * <pre>
 * READY &lt;run&gt;
 * ACK &lt;key&gt; &lt;version&gt; [&lt;key&gt; &lt;version&gt; ...]    (several pairs: one transaction)
 * </pre>
 *
 * Every write raises an item's {@code version} by one, under a condition on the version it read, so
 * the log of each key must hold versions 1, 2, 3, ... without a gap. Transactional writes tag their
 * items with {@code txid} and {@code txsize}; plain writes remove the tag.
 *
 * <p>Arguments: data directory, seed, run number, and optionally {@code async}: then every key has
 * a write in flight at once through {@link TributaryEngine#putItemAsync} / {@link
 * TributaryEngine#updateItemAsync} (so the engine's commit thread groups them), each acknowledged
 * when its future completes. Exits by itself after 60 s as a safety net.
 */
public final class CrashWriterMain {
  static final String TABLE = "Crash";
  static final int KEYS = 12;

  private CrashWriterMain() {}

  public static void main(String[] args) {
    Path dir = Path.of(args[0]);
    long seed = Long.parseLong(args[1]);
    int run = Integer.parseInt(args[2]);
    Random rnd = new Random(seed);
    // stdout unbuffered and separate from logging, which the test configuration sends to stdout too
    PrintStream out =
        new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
    long deadline = System.nanoTime() + 60_000_000_000L;
    TributaryEngine engine =
        TributaryEngine.open(
            EngineOptions.builder(dir).syncWrites(true).retainChangesForever().build());
    if (!engine.listTables().tableNames().contains(TABLE)) {
      engine.createTable(
          CreateTableRequest.builder(TABLE).partitionKey("id", ScalarAttributeType.S).stream(
                  StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
    }
    long[] version = new long[KEYS];
    for (int k = 0; k < KEYS; k++) {
      version[k] =
          engine
              .getItem(GetItemRequest.of(TABLE, key(k)).consistent())
              .item()
              .map(i -> ((AttributeValue.N) i.get("version")).value().longValueExact())
              .orElse(0L);
    }
    ack(out, "READY " + run);
    if (args.length > 3 && args[3].equals("async")) {
      writeConcurrently(engine, out, version, run, rnd, deadline);
      return;
    }
    long writes = 0;
    while (System.nanoTime() < deadline) {
      writes++;
      int kind = rnd.nextInt(10);
      if (kind < 3) {
        int k = rnd.nextInt(KEYS);
        long v = version[k] + 1;
        engine.putItem(versionedPut(k, version[k], run, rnd));
        version[k] = v;
        ack(out, "ACK " + name(k) + " " + v);
      } else if (kind < 7) {
        int k = rnd.nextInt(KEYS);
        long v = version[k] + 1;
        engine.updateItem(versionedUpdate(k, version[k], run, rnd));
        version[k] = v;
        ack(out, "ACK " + name(k) + " " + v);
      } else {
        Set<Integer> keys = new LinkedHashSet<>();
        int size = 2 + rnd.nextInt(3);
        while (keys.size() < size) {
          keys.add(rnd.nextInt(KEYS));
        }
        String txid = run + "-" + writes;
        List<TransactWriteItem> actions = new ArrayList<>();
        for (int k : keys) {
          ExpressionParameters p =
              new ExpressionParameters(
                  Map.of(),
                  Map.of(
                      ":v", n(version[k] + 1),
                      ":r", n(run),
                      ":t", s(txid),
                      ":n", n(size),
                      ":old", n(version[k])));
          actions.add(
              new TransactWriteItem.Update(
                  TABLE,
                  key(k),
                  "SET version = :v, run = :r, txid = :t, txsize = :n",
                  Optional.of(
                      version[k] == 0
                          ? "attribute_not_exists(version) OR version = :old"
                          : "version = :old"),
                  p,
                  false));
        }
        engine.transactWriteItems(
            TransactWriteItemsRequest.of(actions.toArray(new TransactWriteItem[0])));
        StringBuilder ack = new StringBuilder("ACK");
        for (int k : keys) {
          version[k]++;
          ack.append(' ').append(name(k)).append(' ').append(version[k]);
        }
        ack(out, ack.toString());
      }
    }
    engine.close();
    ack(out, "TIMEOUT");
  }

  /** One chain of writes per key, all keys at once; the next write of a key follows its ack. */
  private static void writeConcurrently(
      TributaryEngine engine, PrintStream out, long[] version, int run, Random rnd, long deadline) {
    ExecutorService writers = Executors.newFixedThreadPool(4);
    for (int k = 0; k < KEYS; k++) {
      int key = k;
      long seed = rnd.nextLong();
      writers.execute(
          () ->
              writeNext(engine, out, writers, key, version[key], run, new Random(seed), deadline));
    }
    try {
      Thread.sleep(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    synchronized (out) {
      ack(out, "TIMEOUT");
    }
    Runtime.getRuntime().halt(0);
  }

  private static void writeNext(
      TributaryEngine engine,
      PrintStream out,
      Executor writers,
      int k,
      long current,
      int run,
      Random rnd,
      long deadline) {
    if (System.nanoTime() > deadline) {
      return;
    }
    long v = current + 1;
    CompletableFuture<?> write =
        rnd.nextBoolean()
            ? engine.putItemAsync(versionedPut(k, current, run, rnd))
            : engine.updateItemAsync(versionedUpdate(k, current, run, rnd));
    write.whenComplete(
        (ok, error) -> {
          if (error != null) {
            System.err.println("write of " + name(k) + " v" + v + " failed: " + error);
            return;
          }
          synchronized (out) {
            ack(out, "ACK " + name(k) + " " + v);
          }
          writers.execute(() -> writeNext(engine, out, writers, k, v, run, rnd, deadline));
        });
  }

  /**
   * Writes version {@code current + 1} of key {@code k} with a new payload, if it is at {@code
   * current}.
   */
  private static PutItemRequest versionedPut(int k, long current, int run, Random rnd) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put("id", s(name(k)));
    item.put("version", n(current + 1));
    item.put("run", n(run));
    item.put("payload", s(payload(rnd)));
    return PutItemRequest.builder(TABLE, item)
        .condition(current == 0 ? "attribute_not_exists(id)" : "version = :old")
        .expressionParameters(current == 0 ? ExpressionParameters.NONE : old(current))
        .build();
  }

  /** As {@link #versionedPut}, as an update that also drops a transaction's tags. */
  private static UpdateItemRequest versionedUpdate(int k, long current, int run, Random rnd) {
    UpdateItemRequest.Builder b =
        UpdateItemRequest.builder(TABLE, key(k))
            .update("SET version = :v, run = :r, payload = :p REMOVE txid, txsize")
            .value(":v", n(current + 1))
            .value(":r", n(run))
            .value(":p", s(payload(rnd)));
    if (current == 0) {
      b.condition("attribute_not_exists(version)");
    } else {
      b.condition("version = :old").value(":old", n(current));
    }
    return b.build();
  }

  /** One line in one write, so a kill never leaves half a line behind. */
  private static void ack(PrintStream out, String line) {
    out.print(line + "\n");
  }

  static String name(int k) {
    return "k" + k;
  }

  static Map<String, AttributeValue> key(int k) {
    return Map.of("id", s(name(k)));
  }

  private static ExpressionParameters old(long v) {
    return new ExpressionParameters(Map.of(), Map.of(":old", n(v)));
  }

  /** Up to 4 KB, so writes have some weight in the write-ahead log. */
  private static String payload(Random rnd) {
    int length = rnd.nextInt(4096);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append((char) ('a' + rnd.nextInt(26)));
    }
    return b.toString();
  }
}
