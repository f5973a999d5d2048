package dev.tributary.handlers.search;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.handlers.search.internal.JsonImages;
import dev.tributary.local.LocalOpenSearch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 5's acceptance: 10,000+ real change events of a real engine table (puts, updates, deletes
 * on 300 keys), delivered with duplicates, shuffling within windows and replays of older slices
 * after newer events, end in an index equal to the table.
 */
class SearchAcceptanceIT {
  private static final String TABLE = "Catalog";
  private static final long SEED = 20_251_124L;
  private static final int EVENTS = 10_000;

  @TempDir Path dir;

  @Test
  void shouldEndEqualToTheTableDespiteDuplicatesReorderingAndReplays() throws Exception {
    LocalOpenSearch server = LocalOpenSearch.shared();
    Random rnd = new Random(SEED);
    try (TributaryEngine engine =
        TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build())) {
      engine.createTable(
          CreateTableRequest.builder(TABLE)
              .partitionKey("pk", ScalarAttributeType.S)
              .sortKey("sk", ScalarAttributeType.N)
              .stream(StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
      List<ChangeEvent> log = writeRandomHistory(engine, rnd);
      Map<EventName, Integer> kinds = new EnumMap<>(EventName.class);
      log.forEach(e -> kinds.merge(e.eventName(), 1, Integer::sum));
      assertThat(log).hasSizeGreaterThanOrEqualTo(EVENTS);
      assertThat(kinds).containsKeys(EventName.INSERT, EventName.MODIFY, EventName.REMOVE);

      List<ChangeEvent> deliveries = withFaults(log, rnd);
      String index = "acceptance-" + TABLE.toLowerCase(Locale.ROOT);
      try (SearchHandler handler =
          SearchHandler.builder()
              .url(server.url())
              .indexTemplate("acceptance-{table}")
              .retry(
                  RetryPolicy.attempts(8)
                      .withBackoff(Duration.ofMillis(50), Duration.ofSeconds(2), 2.0))
              .build()) {
        handler.open(Events.context(1));
        long t0 = System.nanoTime();
        int redelivered = feed(handler, deliveries, rnd);
        // a replay of the oldest history after everything else changes nothing
        redelivered += feed(handler, log.subList(0, 2_000), rnd);
        long ms = Duration.ofNanos(System.nanoTime() - t0).toMillis();
        System.out.printf(
            "search acceptance: %d events %s, %d deliveries (+2000 replayed), %d redelivered after failures, %d ms, %.0f deliveries/s%n",
            log.size(),
            kinds,
            deliveries.size(),
            redelivered,
            ms,
            (deliveries.size() + 2_000) * 1000.0 / ms);
      }

      Map<String, JsonNode> expected = tableContents(engine);
      Map<String, JsonNode> actual = new TreeMap<>();
      new IndexContents(server.url())
          .all(index)
          .forEach((id, doc) -> actual.put(id, normalized(doc)));
      assertThat(expected).hasSizeGreaterThan(100);
      assertThat(actual.keySet()).isEqualTo(expected.keySet());
      assertThat(actual).isEqualTo(expected);
    }
  }

  // ---- the table's history ---------------------------------------------------------------

  private static List<ChangeEvent> writeRandomHistory(TributaryEngine engine, Random rnd) {
    ChangeStream stream = engine.changeStream(TABLE);
    List<Map<String, AttributeValue>> live = new ArrayList<>();
    Map<String, Integer> liveAt = new HashMap<>();
    while (stream.latestSequence() < EVENTS + 200) {
      Map<String, AttributeValue> key =
          Map.of("pk", s("P" + rnd.nextInt(60)), "sk", n(rnd.nextInt(5)));
      String k = key.toString();
      int roll = rnd.nextInt(100);
      if (roll < 50 || !liveAt.containsKey(k)) {
        engine.putItem(PutItemRequest.of(TABLE, randomItem(key, rnd)));
        liveAt.putIfAbsent(k, live.size());
        if (live.size() == liveAt.get(k)) {
          live.add(key);
        }
      } else if (roll < 82) {
        engine.updateItem(randomUpdate(key, rnd));
      } else {
        engine.deleteItem(DeleteItemRequest.of(TABLE, key));
        liveAt.remove(k);
      }
    }
    List<ChangeEvent> log = new ArrayList<>();
    long after = 0;
    for (List<ChangeEvent> page = stream.read(after, 1000);
        !page.isEmpty();
        page = stream.read(after, 1000)) {
      log.addAll(page);
      after = Long.parseLong(page.get(page.size() - 1).dynamodb().sequenceNumber());
    }
    return log;
  }

  private static Map<String, AttributeValue> randomItem(
      Map<String, AttributeValue> key, Random rnd) {
    Map<String, AttributeValue> item = new LinkedHashMap<>(key);
    item.put("name", s("item-" + rnd.nextInt(1_000_000)));
    item.put("qty", n(rnd.nextInt(1000)));
    // up to 38 significant digits, some of them after the point
    item.put("price", n(new BigDecimal(new BigInteger(120, rnd), rnd.nextInt(30))));
    List<String> tags = new ArrayList<>(List.of("red", "green", "blue", "sale", "new"));
    Collections.shuffle(tags, rnd);
    item.put("tags", AttributeValue.ss(tags.subList(0, 1 + rnd.nextInt(3))));
    item.put(
        "dims",
        AttributeValue.m(
            Map.of(
                "w",
                n(rnd.nextInt(100)),
                "h",
                n(BigDecimal.valueOf(rnd.nextInt(10_000), 2)),
                "notes",
                AttributeValue.l(s("n" + rnd.nextInt(10)), s("")))));
    item.put("active", AttributeValue.bool(rnd.nextBoolean()));
    if (rnd.nextBoolean()) {
      byte[] blob = new byte[1 + rnd.nextInt(16)];
      rnd.nextBytes(blob);
      item.put("blob", AttributeValue.b(Bytes.wrap(blob)));
    }
    if (rnd.nextInt(3) == 0) {
      item.put("discontinued", AttributeValue.nul());
    }
    return item;
  }

  private static UpdateItemRequest randomUpdate(Map<String, AttributeValue> key, Random rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 ->
          UpdateItemRequest.builder(TABLE, key)
              .update("SET #n = :n, #q = #q + :one")
              .name("#n", "name")
              .name("#q", "qty")
              .value(":n", s("renamed-" + rnd.nextInt(1000)))
              .value(":one", n(1))
              .build();
      case 1 ->
          UpdateItemRequest.builder(TABLE, key)
              .update("SET #d.#w = :w REMOVE #b")
              .name("#d", "dims")
              .name("#w", "w")
              .name("#b", "blob")
              .value(":w", n(rnd.nextInt(100)))
              .build();
      default ->
          UpdateItemRequest.builder(TABLE, key)
              .update("SET #p = :p, #a = :a")
              .name("#p", "price")
              .name("#a", "active")
              .value(":p", n(new BigDecimal(new BigInteger(100, rnd), 5)))
              .value(":a", AttributeValue.bool(rnd.nextBoolean()))
              .build();
    };
  }

  // ---- delivery with faults --------------------------------------------------------------

  /** Shuffled within windows of 40, 10% delivered twice later on, older slices replayed. */
  private static List<ChangeEvent> withFaults(List<ChangeEvent> log, Random rnd) {
    List<ChangeEvent> out = new ArrayList<>();
    for (int i = 0; i < log.size(); i += 40) {
      List<ChangeEvent> window = new ArrayList<>(log.subList(i, Math.min(log.size(), i + 40)));
      Collections.shuffle(window, rnd);
      out.addAll(window);
      if (rnd.nextInt(10) == 0) {
        int from = rnd.nextInt(i + 1);
        out.addAll(log.subList(from, Math.min(i, from + 100 + rnd.nextInt(300))));
      }
    }
    for (ChangeEvent e : log) {
      if (rnd.nextInt(10) == 0) {
        int at = Math.min(out.size(), out.indexOf(e) + 1 + rnd.nextInt(300));
        out.add(at, e);
      }
    }
    return out;
  }

  /**
   * Batches of 1 to 400; failed events are delivered again, as a runner would. Returns how many.
   */
  private static int feed(SearchHandler handler, List<ChangeEvent> deliveries, Random rnd)
      throws Exception {
    int redelivered = 0;
    for (int i = 0; i < deliveries.size(); ) {
      int size = Math.min(deliveries.size() - i, 1 + rnd.nextInt(400));
      List<ChangeEvent> batch = deliveries.subList(i, i + size);
      for (int attempt = 1; !batch.isEmpty(); attempt++) {
        BatchResult r = handler.handle(batch, Events.context(attempt));
        assertThat(attempt)
            .as("attempts of a batch (failed: %s)", r.failedEventIds())
            .isLessThan(5);
        List<ChangeEvent> again = new ArrayList<>();
        for (ChangeEvent e : batch) {
          if (r.failedEventIds().contains(e.eventId())) {
            again.add(e);
          }
        }
        redelivered += again.size();
        batch = again;
      }
      i += size;
    }
    return redelivered;
  }

  // ---- comparing -------------------------------------------------------------------------

  private static Map<String, JsonNode> tableContents(TributaryEngine engine) throws Exception {
    Map<String, JsonNode> out = new TreeMap<>();
    Optional<Map<String, AttributeValue>> start = Optional.empty();
    do {
      ScanRequest.Builder b = ScanRequest.builder(TABLE).limit(100);
      start.ifPresent(b::exclusiveStartKey);
      PageResponse page = engine.scan(b.build());
      for (Map<String, AttributeValue> item : page.items()) {
        // the canonical id: key values in attribute-name order (pk, sk), joined with '|'
        String id =
            ((AttributeValue.S) item.get("pk")).value()
                + "|"
                + ((AttributeValue.N) item.get("sk")).text();
        out.put(id, normalized(JsonImages.document(item)));
      }
      start = page.lastEvaluatedKey();
    } while (start.isPresent());
    return out;
  }

  /** Through text and one exact reader, so both sides hold the same node types for equal JSON. */
  private static JsonNode normalized(JsonNode doc) {
    try {
      return IndexContents.EXACT.readTree(JsonImages.MAPPER.writeValueAsString(doc));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
