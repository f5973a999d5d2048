package dev.tributary.handlers.search;

import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.RetriableException;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.local.LocalOpenSearch;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SearchHandlerIT {
  private static final AtomicInteger TABLES = new AtomicInteger();
  private static final RetryPolicy FAST =
      RetryPolicy.attempts(3).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50), 2.0);

  private final LocalOpenSearch server = LocalOpenSearch.shared();
  private final IndexContents index;
  private String table;
  private SearchHandler handler;

  SearchHandlerIT() {
    this.index = new IndexContents(server.url());
  }

  @BeforeEach
  void newTable() {
    table = "Orders" + TABLES.incrementAndGet();
  }

  @AfterEach
  void close() {
    if (handler != null) {
      handler.close();
    }
  }

  private SearchHandler open(SearchHandler.Builder b) throws Exception {
    handler = b.build();
    handler.open(Events.context(1));
    return handler;
  }

  private BatchResult handle(ChangeEvent... events) throws Exception {
    return handler.handle(List.of(events), Events.context(1));
  }

  private static Map<String, AttributeValue> key(String id) {
    return Item.key("id", id);
  }

  private static Map<String, AttributeValue> item(String id, String state) {
    return Item.builder().s("id", id).s("state", state).build();
  }

  private String indexName() {
    return table.toLowerCase(Locale.ROOT);
  }

  @Test
  void shouldIndexInsertsAndModifiesAndDeleteRemoves() throws Exception {
    open(SearchHandler.builder().url(server.url()).retry(FAST));
    assertThat(
            handle(
                Events.put(table, 1, key("a"), item("a", "new")),
                Events.put(table, 2, key("b"), item("b", "new")),
                Events.put(table, 3, key("a"), item("a", "paid")),
                Events.remove(table, 4, key("b"))))
        .isEqualTo(BatchResult.success());
    Map<String, JsonNode> docs = index.all(indexName());
    assertThat(docs).containsOnlyKeys("a");
    assertThat(docs.get("a").get("state").asText()).isEqualTo("paid");
    assertThat(index.get(indexName(), "a").get("_version").asLong()).isEqualTo(3);
  }

  @Test
  void shouldLeaveNewerDocumentsAloneWhenOldOrRepeatedEventsArrive() throws Exception {
    open(SearchHandler.builder().url(server.url()).retry(FAST));
    assertThat(handle(Events.put(table, 5, key("a"), item("a", "v5"))).isSuccess()).isTrue();
    assertThat(
            handle(
                    Events.put(table, 3, key("a"), item("a", "v3")),
                    Events.put(table, 5, key("a"), item("a", "v5-again")))
                .isSuccess())
        .isTrue();
    assertThat(index.get(indexName(), "a").at("/_source/state").asText()).isEqualTo("v5");

    assertThat(handle(Events.remove(table, 4, key("a"))).isSuccess())
        .isTrue(); // older than the document
    assertThat(index.get(indexName(), "a").get("found").asBoolean()).isTrue();

    assertThat(
            handle(Events.remove(table, 7, key("a")), Events.remove(table, 7, key("a")))
                .isSuccess())
        .isTrue();
    assertThat(handle(Events.put(table, 6, key("a"), item("a", "v6"))).isSuccess())
        .isTrue(); // older than the delete
    assertThat(index.get(indexName(), "a").get("found").asBoolean()).isFalse();

    assertThat(handle(Events.put(table, 8, key("a"), item("a", "v8"))).isSuccess())
        .isTrue(); // re-created later
    assertThat(index.get(indexName(), "a").at("/_source/state").asText()).isEqualTo("v8");
  }

  @Test
  void shouldTreatRemovingAnUnknownDocumentAsDone() throws Exception {
    open(SearchHandler.builder().url(server.url()).retry(FAST));
    assertThat(handle(Events.remove(table, 9, key("never")))).isEqualTo(BatchResult.success());
  }

  @Test
  void shouldKeepEveryDigitOfDynamoDbNumbersInTheSource() throws Exception {
    open(SearchHandler.builder().url(server.url()).retry(FAST));
    String big = "12345678901234567890123456789012345678";
    String frac = "3.1415926535897932384626433832795028841";
    handle(
        Events.put(
            table,
            1,
            key("n"),
            Item.builder()
                .s("id", "n")
                .n("big", big)
                .n("frac", frac)
                .put("set", AttributeValue.ns(big, "1"))
                .build()));
    JsonNode doc = index.all(indexName()).get("n");
    assertThat(doc.get("big").bigIntegerValue()).hasToString(big);
    assertThat(doc.get("frac").decimalValue().toPlainString()).isEqualTo(frac);
    assertThat(doc.get("set").get(0).bigIntegerValue()).hasToString(big);
  }

  @Test
  void shouldCreateConfiguredIndicesOnOpenWithLongGcDeletes() throws Exception {
    open(
        SearchHandler.builder()
            .url(server.url())
            .indexTemplate("cdc-{table}")
            .tables(table)
            .gcDeletes(Duration.ofHours(2)));
    JsonNode settings = index.call("GET", "/cdc-" + indexName() + "/_settings", null);
    assertThat(settings.at("/cdc-" + indexName() + "/settings/index/gc_deletes").asText())
        .isEqualTo("7200000ms");
    JsonNode mapping = index.call("GET", "/cdc-" + indexName() + "/_mapping", null);
    assertThat(mapping.at("/cdc-" + indexName() + "/mappings/date_detection").asBoolean(true))
        .isFalse();
  }

  @Test
  void shouldReportOnlyTheEventThatConflictsWithTheMappingAndDeadLetterItAlone() throws Exception {
    open(
        SearchHandler.builder()
            .url(server.url())
            .retry(FAST)
            .indexBody("{\"mappings\":{\"properties\":{\"qty\":{\"type\":\"integer\"}}}}"));
    ChangeEvent good1 =
        Events.put(table, 1, key("a"), Item.builder().s("id", "a").n("qty", 1).build());
    ChangeEvent bad =
        Events.put(table, 2, key("b"), Item.builder().s("id", "b").s("qty", "many").build());
    ChangeEvent good2 =
        Events.put(table, 3, key("c"), Item.builder().s("id", "c").n("qty", 3).build());
    assertThat(handle(good1, bad, good2).failedEventIds()).containsExactly(bad.eventId());
    assertThat(index.all(indexName())).containsOnlyKeys("a", "c");
    assertThatThrownBy(() -> handle(bad))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining(bad.eventId())
        .hasMessageContaining("mapper_parsing_exception");
  }

  @Test
  void shouldRejectSequenceNumbersBeyondALongAsBadRecords() throws Exception {
    open(SearchHandler.builder().url(server.url()).retry(FAST));
    ChangeEvent huge =
        Events.event(
            table, EventName.REMOVE, "111000000000000000000123456789", key("a"), Optional.empty());
    assertThatThrownBy(() -> handle(huge))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("external version");
    ChangeEvent ok = Events.put(table, 1, key("b"), item("b", "x"));
    assertThat(handle(huge, ok).failedEventIds()).containsExactly(huge.eventId());
  }

  @Test
  void shouldRetryABulkRequestRejectedWith429() throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(server.url())) {
      open(SearchHandler.builder().url(proxy.url()).retry(FAST).tables(table));
      proxy.rejectWholeBulks.set(2);
      assertThat(handle(Events.put(table, 1, key("a"), item("a", "x"))))
          .isEqualTo(BatchResult.success());
      assertThat(proxy.bulkRequests.get()).isEqualTo(3);
      assertThat(index.all(indexName())).containsOnlyKeys("a");
    }
  }

  @Test
  void shouldRetryOnlyTheItemsRejectedWith429() throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(server.url())) {
      open(SearchHandler.builder().url(proxy.url()).retry(FAST).tables(table));
      proxy.rejectBulkItems.set(1);
      assertThat(
              handle(
                  Events.put(table, 1, key("a"), item("a", "x")),
                  Events.remove(table, 2, key("z"))))
          .isEqualTo(BatchResult.success());
      assertThat(proxy.bulkRequests.get()).isEqualTo(2);
      assertThat(index.all(indexName())).containsOnlyKeys("a");
    }
  }

  @Test
  void shouldReportEventsFailedWhen429Persists() throws Exception {
    try (FaultyProxy proxy = new FaultyProxy(server.url())) {
      open(SearchHandler.builder().url(proxy.url()).retry(FAST).tables(table));
      proxy.rejectWholeBulks.set(1000);
      ChangeEvent a = Events.put(table, 1, key("a"), item("a", "x"));
      ChangeEvent b = Events.put(table, 2, key("b"), item("b", "x"));
      assertThat(handle(a, b).failedEventIds()).containsExactlyInAnyOrder(a.eventId(), b.eventId());
      assertThat(proxy.bulkRequests.get()).isEqualTo(3);
    }
  }

  @Test
  void shouldRetryConnectionErrorsThenReportTheEventsFailed() throws Exception {
    FaultyProxy proxy = new FaultyProxy(server.url());
    open(
        SearchHandler.builder()
            .url(proxy.url())
            .retry(FAST)
            .tables(table)
            .connectTimeout(Duration.ofSeconds(1)));
    proxy.close(); // nothing listens there any more
    ChangeEvent a = Events.put(table, 1, key("a"), item("a", "x"));
    long t0 = System.nanoTime();
    assertThat(handle(a).failedEventIds()).containsExactly(a.eventId());
    assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
  }

  @Test
  void shouldFailToOpenRetriablyWhenNothingListens() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    SearchHandler h =
        SearchHandler.builder().url("http://127.0.0.1:" + port).retry(FAST).tables(table).build();
    try (h) {
      assertThatThrownBy(() -> h.open(Events.context(1)))
          .isInstanceOf(RetriableException.class)
          .hasMessageContaining("failed 3 times");
    }
  }

  @Test
  void shouldRefuseBatchesBeforeOpen() {
    SearchHandler h = SearchHandler.builder().url(server.url()).build();
    assertThatThrownBy(() -> h.handle(List.of(), Events.context(1))).hasMessageContaining("NEW");
  }
}
