package dev.tributary.connectors;

import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.ResourceInUseException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The child JVM of {@link RelayCrashIT}: opens the engine, runs the relay and writes until the
 * table's log holds {@code total} changes, continuing where an earlier (killed) run stopped; then
 * waits until everything is published. Write {@code i} is a function of {@code i} alone, and each
 * write is one change record, so the log's latest sequence says how far the writing got.
 *
 * <p>Arguments: engine directory, bootstrap servers, table, total. Prints {@code RESUMED <seq>},
 * {@code WRITTEN <n> PUBLISHED <seq>} and {@code DONE} for the parent.
 */
public final class RelayCrashChild {
  static final int CUSTOMERS = 5000;

  private RelayCrashChild() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    String bootstrap = args[1];
    String table = args[2];
    int total = Integer.parseInt(args[3]);
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      try {
        engine.createTable(
            CreateTableRequest.builder(table)
                .partitionKey("customerId", ScalarAttributeType.S)
                .sortKey("orderDate", ScalarAttributeType.S)
                .stream(StreamViewType.NEW_AND_OLD_IMAGES)
                .build());
      } catch (ResourceInUseException e) {
        // a second run: the table is there
      }
      EngineRelay relay =
          EngineRelay.builder(engine, Map.of("bootstrap.servers", bootstrap))
              .relayId("crash")
              .changeTopicPartitions(4)
              .discoveryInterval(Duration.ofMillis(200))
              .maxBatchRecords(500)
              .build()
              .start();
      long start = engine.changeStream(table).latestSequence();
      while (relay.lag(table).isEmpty()) {
        Thread.sleep(10);
      }
      System.out.println(
          "RESUMED " + start + " PUBLISHED " + relay.lag(table).get().publishedSequence());
      for (long i = start; i < total; i++) {
        write(engine, table, i);
        if ((i + 1) % 5000 == 0) {
          System.out.println(
              "WRITTEN " + (i + 1) + " PUBLISHED " + relay.lag(table).get().publishedSequence());
        }
      }
      while (relay.lag(table).get().publishedSequence() < total) {
        if (relay.state() != ConnectorState.RUNNING) {
          throw new IllegalStateException("relay " + relay.state(), relay.failure().orElse(null));
        }
        Thread.sleep(20);
      }
      relay.close();
      System.out.println("DONE");
    }
  }

  /**
   * Write {@code i}: a put (new item or overwrite), or every fifth a delete of write i-1's item.
   */
  static void write(TributaryEngine engine, String table, long i) {
    if (i % 5 == 4) {
      engine.deleteItem(
          DeleteItemRequest.of(
              table,
              Item.key(
                  "customerId", "C" + ((i - 1) % CUSTOMERS), "orderDate", "D" + ((i - 1) % 3))));
    } else {
      engine.putItem(
          PutItemRequest.of(
              table,
              Item.builder()
                  .s("customerId", "C" + (i % CUSTOMERS))
                  .s("orderDate", "D" + (i % 3))
                  .n("i", i)
                  .s("payload", "x".repeat(100))
                  .build()));
    }
  }
}
