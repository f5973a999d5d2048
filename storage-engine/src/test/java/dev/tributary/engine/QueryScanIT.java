package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.Item;
import dev.tributary.core.ItemSizes;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.LocalSecondaryIndex;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.Select;
import dev.tributary.engine.model.StopReason;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Query and Scan: paging, order, Select, the 1 MB page, filters, parallel scan, indexes, errors.
 */
class QueryScanIT {
  @TempDir Path dir;
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    engine.createTable(
        CreateTableRequest.builder("Posts")
            .partitionKey("forum", ScalarAttributeType.S)
            .sortKey("seq", ScalarAttributeType.N)
            .attribute("author", ScalarAttributeType.S)
            .attribute("score", ScalarAttributeType.N)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    "ByAuthor",
                    Projection.keysOnly(),
                    KeySchemaElement.hash("author"),
                    KeySchemaElement.range("score")))
            .localSecondaryIndex(
                LocalSecondaryIndex.of(
                    "ByScore",
                    Projection.include("title"),
                    KeySchemaElement.hash("forum"),
                    KeySchemaElement.range("score")))
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private void post(String forum, int seq, String author, int score) {
    engine.putItem(
        PutItemRequest.of(
            "Posts",
            Item.builder()
                .s("forum", forum)
                .n("seq", seq)
                .s("author", author)
                .n("score", score)
                .s("title", "t" + seq)
                .s("body", "b" + seq)
                .build()));
  }

  private void tenPosts() {
    for (int i = 1; i <= 10; i++) {
      post("java", i, i % 2 == 0 ? "ann" : "bob", 100 - i);
    }
    post("rust", 1, "ann", 5);
  }

  private QueryRequest.Builder java() {
    return QueryRequest.builder("Posts", "forum = :f").value(":f", s("java"));
  }

  // ---- paging and order ----------------------------------------------------------------------

  @Test
  void shouldPageQueryWithLimitAndExclusiveStartKey() {
    tenPosts();
    List<Integer> pageSizes = new ArrayList<>();
    List<AttributeValue> seqs = new ArrayList<>();
    Optional<Map<String, AttributeValue>> start = Optional.empty();
    do {
      QueryRequest.Builder q = java().limit(3);
      start.ifPresent(q::exclusiveStartKey);
      PageResponse page = engine.query(q.build());
      pageSizes.add(page.count());
      page.items().forEach(i -> seqs.add(i.get("seq")));
      if (page.lastEvaluatedKey().isPresent()) {
        Map<String, AttributeValue> last = page.items().get(page.items().size() - 1);
        assertThat(page.lastEvaluatedKey().get())
            .isEqualTo(Map.of("forum", s("java"), "seq", last.get("seq")));
      }
      start = page.lastEvaluatedKey();
    } while (start.isPresent());

    assertThat(pageSizes).containsExactly(3, 3, 3, 1);
    assertThat(seqs).containsExactly(n(1), n(2), n(3), n(4), n(5), n(6), n(7), n(8), n(9), n(10));
  }

  @Test
  void shouldAnswerAPageStoppedByLimitWithLastEvaluatedKeyEvenAtTheEnd() {
    tenPosts();
    PageResponse all = engine.query(java().limit(10).build());
    assertThat(all.items()).hasSize(10);
    assertThat(all.lastEvaluatedKey()).as("stopped by Limit, as DynamoDB").isPresent();
    PageResponse after =
        engine.query(java().exclusiveStartKey(all.lastEvaluatedKey().get()).build());
    assertThat(after.items()).isEmpty();
    assertThat(after.lastEvaluatedKey()).isEmpty();
  }

  @Test
  void shouldSayWhyAPageStopped() {
    tenPosts();
    assertThat(engine.query(java().limit(4).build()).stopReason()).isEqualTo(StopReason.LIMIT);
    assertThat(engine.query(java().limit(10).build()).stopReason())
        .as("Limit reached at the end")
        .isEqualTo(StopReason.LIMIT);
    assertThat(engine.query(java().limit(11).build()).stopReason())
        .isEqualTo(StopReason.END_OF_DATA);
    assertThat(
            engine
                .query(
                    java()
                        .scanIndexForward(false)
                        .exclusiveStartKey(Map.of("forum", s("java"), "seq", n(3)))
                        .build())
                .stopReason())
        .isEqualTo(StopReason.END_OF_DATA);
    assertThat(engine.scan(ScanRequest.builder("Posts").limit(3).build()).stopReason())
        .isEqualTo(StopReason.LIMIT);
    assertThat(engine.scan(ScanRequest.builder("Posts").build()).stopReason())
        .isEqualTo(StopReason.END_OF_DATA);

    // a partition of one item: read whole, so no LastEvaluatedKey even at Limit
    engine.createTable(
        CreateTableRequest.builder("Single").partitionKey("id", ScalarAttributeType.S).build());
    engine.putItem(PutItemRequest.of("Single", Item.builder().s("id", "a").build()));
    PageResponse single =
        engine.query(
            QueryRequest.builder("Single", "id = :i").value(":i", s("a")).limit(1).build());
    assertThat(single.lastEvaluatedKey()).isEmpty();
    assertThat(single.stopReason()).isEqualTo(StopReason.END_OF_DATA);
  }

  @Test
  void shouldQueryBackwardsWithScanIndexForwardFalse() {
    tenPosts();
    PageResponse first = engine.query(java().scanIndexForward(false).limit(4).build());
    assertThat(first.items())
        .extracting(i -> i.get("seq"))
        .containsExactly(n(10), n(9), n(8), n(7));
    PageResponse rest =
        engine.query(
            java()
                .scanIndexForward(false)
                .exclusiveStartKey(first.lastEvaluatedKey().orElseThrow())
                .build());
    assertThat(rest.items())
        .extracting(i -> i.get("seq"))
        .containsExactly(n(6), n(5), n(4), n(3), n(2), n(1));
    assertThat(rest.lastEvaluatedKey()).isEmpty();

    PageResponse range =
        engine.query(
            QueryRequest.builder("Posts", "forum = :f AND seq BETWEEN :lo AND :hi")
                .value(":f", s("java"))
                .value(":lo", n(3))
                .value(":hi", n(5))
                .scanIndexForward(false)
                .build());
    assertThat(range.items()).extracting(i -> i.get("seq")).containsExactly(n(5), n(4), n(3));
  }

  @Test
  void shouldReturnWhatSelectAsksFor() {
    tenPosts();
    PageResponse all = engine.query(java().select(Select.ALL_ATTRIBUTES).limit(1).build());
    assertThat(all.items().get(0))
        .containsOnlyKeys("forum", "seq", "author", "score", "title", "body");

    PageResponse specific =
        engine.query(
            java().select(Select.SPECIFIC_ATTRIBUTES).projection("title, seq").limit(1).build());
    assertThat(specific.items().get(0)).isEqualTo(Map.of("title", s("t1"), "seq", n(1)));

    PageResponse count = engine.query(java().select(Select.COUNT).build());
    assertThat(count.items()).isEmpty();
    assertThat(count.count()).isEqualTo(10);

    PageResponse projected =
        engine.query(
            QueryRequest.builder("Posts", "author = :a")
                .index("ByAuthor")
                .value(":a", s("ann"))
                .select(Select.ALL_PROJECTED_ATTRIBUTES)
                .build());
    assertThat(projected.items())
        .hasSize(6)
        .allSatisfy(i -> assertThat(i).containsOnlyKeys("forum", "seq", "author", "score"));

    PageResponse lsiAll =
        engine.query(
            QueryRequest.builder("Posts", "forum = :f")
                .index("ByScore")
                .value(":f", s("java"))
                .select(Select.ALL_ATTRIBUTES)
                .limit(1)
                .build());
    assertThat(lsiAll.items().get(0)).containsEntry("body", s("b10")); // fetched from the table
    PageResponse lsiProjected =
        engine.query(
            QueryRequest.builder("Posts", "forum = :f")
                .index("ByScore")
                .value(":f", s("java"))
                .limit(1)
                .build());
    assertThat(lsiProjected.items().get(0)).containsOnlyKeys("forum", "seq", "score", "title");

    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Posts", "author = :a")
                        .index("ByAuthor")
                        .value(":a", s("ann"))
                        .select(Select.ALL_ATTRIBUTES)
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not supported for"
                + " global secondary index ByAuthor because its projection type is not ALL");
    assertThatThrownBy(() -> engine.query(java().select(Select.ALL_PROJECTED_ATTRIBUTES).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
    assertThatThrownBy(() -> engine.query(java().select(Select.COUNT).projection("title").build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Cannot specify the ProjectionExpression when choosing to get COUNT");
  }

  @Test
  void shouldCountFilteredItemsSeparatelyFromScannedItems() {
    tenPosts();
    PageResponse q = engine.query(java().filter("score > :s").value(":s", n(95)).build());
    assertThat(q.scannedCount()).isEqualTo(10);
    assertThat(q.count()).isEqualTo(4);
    assertThat(q.items()).extracting(i -> i.get("seq")).containsExactly(n(1), n(2), n(3), n(4));

    PageResponse limited =
        engine.query(java().filter("author = :a").value(":a", s("ann")).limit(5).build());
    assertThat(limited.scannedCount()).isEqualTo(5);
    assertThat(limited.count()).isEqualTo(2);
    assertThat(limited.lastEvaluatedKey()).contains(Map.of("forum", s("java"), "seq", n(5)));

    PageResponse scan =
        engine.scan(
            ScanRequest.builder("Posts").filter("author = :a").value(":a", s("ann")).build());
    assertThat(scan.scannedCount()).isEqualTo(11);
    assertThat(scan.count()).isEqualTo(6);
  }

  @Test
  void shouldStopPagesNearOneMegabyte() {
    String filler = "x".repeat(100_000);
    for (int i = 0; i < 30; i++) {
      engine.putItem(
          PutItemRequest.of(
              "Posts", Item.builder().s("forum", "big").n("seq", i).s("body", filler).build()));
    }
    long itemSize =
        ItemSizes.itemSize(Item.builder().s("forum", "big").n("seq", 10).s("body", filler).build());

    for (boolean scan : new boolean[] {false, true}) {
      List<Map<String, AttributeValue>> all = new ArrayList<>();
      int pages = 0;
      Optional<Map<String, AttributeValue>> start = Optional.empty();
      do {
        PageResponse page;
        if (scan) {
          ScanRequest.Builder r = ScanRequest.builder("Posts");
          start.ifPresent(r::exclusiveStartKey);
          page = engine.scan(r.build());
        } else {
          QueryRequest.Builder r =
              QueryRequest.builder("Posts", "forum = :f").value(":f", s("big"));
          start.ifPresent(r::exclusiveStartKey);
          page = engine.query(r.build());
        }
        pages++;
        long bytes = page.items().stream().mapToLong(ItemSizes::itemSize).sum();
        if (page.lastEvaluatedKey().isPresent()) {
          assertThat(bytes)
              .as("page %d bytes", pages)
              .isBetween(1024L * 1024 - itemSize, 1024L * 1024 + itemSize);
        }
        assertThat(page.stopReason())
            .isEqualTo(
                page.lastEvaluatedKey().isPresent()
                    ? StopReason.PAGE_SIZE
                    : StopReason.END_OF_DATA);
        all.addAll(page.items());
        start = page.lastEvaluatedKey();
      } while (start.isPresent());
      assertThat(pages).as(scan ? "scan pages" : "query pages").isEqualTo(3);
      assertThat(all).hasSize(30);
      assertThat(new HashSet<>(all)).hasSize(30);
    }
  }

  // ---- DynamoDB's sort order -----------------------------------------------------------------

  @Test
  void shouldSortNumbersNumericallyIncludingNegativesAndDecimals() {
    engine.createTable(
        CreateTableRequest.builder("Nums")
            .partitionKey("p", ScalarAttributeType.S)
            .sortKey("k", ScalarAttributeType.N)
            .build());
    List<String> sorted =
        List.of(
            "-1E+10", "-100", "-10", "-2.5", "-1", "-0.001", "0", "0.0001", "0.5", "1", "1.25", "2",
            "10", "99.99", "100", "1E+20");
    assertSortKeyOrder("Nums", sorted, AttributeValue::n);
  }

  @Test
  void shouldSortStringsByUtf8Bytes() {
    engine.createTable(
        CreateTableRequest.builder("Strs")
            .partitionKey("p", ScalarAttributeType.S)
            .sortKey("k", ScalarAttributeType.S)
            .build());
    // Java's String order (UTF-16) would put the emoji before U+FF61; UTF-8 bytes put it last.
    List<String> sorted =
        List.of("A", "Z", "a", "ab", "b", "z", "\u00e9", "\u4e2d", "\uff61", "\ud83d\ude00");
    assertSortKeyOrder("Strs", sorted, AttributeValue::s);
  }

  @Test
  void shouldSortBinaryAsUnsignedBytes() {
    engine.createTable(
        CreateTableRequest.builder("Bins")
            .partitionKey("p", ScalarAttributeType.S)
            .sortKey("k", ScalarAttributeType.B)
            .build());
    List<byte[]> sorted =
        List.of(
            new byte[] {0x00},
            new byte[] {0x01},
            new byte[] {0x01, 0x00},
            new byte[] {0x7f},
            new byte[] {(byte) 0x80},
            new byte[] {(byte) 0x80, 0x00},
            new byte[] {(byte) 0xff});
    assertSortKeyOrder("Bins", sorted, AttributeValue::b);
  }

  private <T> void assertSortKeyOrder(
      String table, List<T> sorted, Function<T, AttributeValue> value) {
    List<T> shuffled = new ArrayList<>(sorted);
    Collections.shuffle(shuffled, new Random(42));
    for (T v : shuffled) {
      engine.putItem(PutItemRequest.of(table, Map.of("p", s("x"), "k", value.apply(v))));
    }
    List<AttributeValue> expected = sorted.stream().map(value).toList();
    PageResponse asc =
        engine.query(QueryRequest.builder(table, "p = :p").value(":p", s("x")).build());
    assertThat(asc.items()).extracting(i -> i.get("k")).containsExactlyElementsOf(expected);
    PageResponse desc =
        engine.query(
            QueryRequest.builder(table, "p = :p")
                .value(":p", s("x"))
                .scanIndexForward(false)
                .build());
    List<AttributeValue> reversed = new ArrayList<>(expected);
    Collections.reverse(reversed);
    assertThat(desc.items()).extracting(i -> i.get("k")).containsExactlyElementsOf(reversed);
    // a range condition agrees with the same order
    AttributeValue middle = expected.get(expected.size() / 2);
    PageResponse above =
        engine.query(
            QueryRequest.builder(table, "p = :p AND k > :m")
                .value(":p", s("x"))
                .value(":m", middle)
                .build());
    assertThat(above.items())
        .extracting(i -> i.get("k"))
        .containsExactlyElementsOf(expected.subList(expected.size() / 2 + 1, expected.size()));
  }

  // ---- parallel scan -------------------------------------------------------------------------

  @Test
  void shouldCoverWholeTableExactlyOnceWithScanSegments() {
    for (int i = 0; i < 300; i++) {
      post("f" + i % 37, i, "a" + i % 5, i);
    }
    int total = 4;
    List<Map<String, AttributeValue>> union = new ArrayList<>();
    for (int segment = 0; segment < total; segment++) {
      List<Map<String, AttributeValue>> segmentItems = new ArrayList<>();
      Optional<Map<String, AttributeValue>> start = Optional.empty();
      do {
        ScanRequest.Builder r = ScanRequest.builder("Posts").segment(segment, total).limit(13);
        start.ifPresent(r::exclusiveStartKey);
        PageResponse page = engine.scan(r.build());
        segmentItems.addAll(page.items());
        start = page.lastEvaluatedKey();
      } while (start.isPresent());
      assertThat(segmentItems).as("segment %d", segment).isNotEmpty();
      union.addAll(segmentItems);
    }
    assertThat(union).hasSize(300);
    Set<AttributeValue> seqs = new HashSet<>();
    union.forEach(i -> seqs.add(i.get("seq")));
    assertThat(seqs).hasSize(300);

    PageResponse indexSegment =
        engine.scan(ScanRequest.builder("Posts").index("ByAuthor").segment(1, 2).build());
    PageResponse otherIndexSegment =
        engine.scan(ScanRequest.builder("Posts").index("ByAuthor").segment(0, 2).build());
    assertThat(indexSegment.count() + otherIndexSegment.count()).isEqualTo(300);
  }

  // ---- indexes -------------------------------------------------------------------------------

  @Test
  void shouldQueryGsiAndLsiWithPaging() {
    tenPosts();
    List<AttributeValue> scores = new ArrayList<>();
    Optional<Map<String, AttributeValue>> start = Optional.empty();
    do {
      QueryRequest.Builder q =
          QueryRequest.builder("Posts", "author = :a AND score >= :s")
              .index("ByAuthor")
              .value(":a", s("ann"))
              .value(":s", n(5))
              .limit(2);
      start.ifPresent(q::exclusiveStartKey);
      PageResponse page = engine.query(q.build());
      page.items().forEach(i -> scores.add(i.get("score")));
      page.lastEvaluatedKey()
          .ifPresent(k -> assertThat(k).containsOnlyKeys("author", "score", "forum", "seq"));
      start = page.lastEvaluatedKey();
    } while (start.isPresent());
    assertThat(scores).containsExactly(n(5), n(90), n(92), n(94), n(96), n(98));

    PageResponse lsi =
        engine.query(
            QueryRequest.builder("Posts", "forum = :f AND score < :s")
                .index("ByScore")
                .value(":f", s("java"))
                .value(":s", n(93))
                .scanIndexForward(false)
                .build());
    assertThat(lsi.items()).extracting(i -> i.get("seq")).containsExactly(n(8), n(9), n(10));
    PageResponse lsiConsistent =
        engine.query(
            QueryRequest.builder("Posts", "forum = :f")
                .index("ByScore")
                .value(":f", s("java"))
                .consistentRead(true)
                .build());
    assertThat(lsiConsistent.count()).isEqualTo(10);
  }

  // ---- errors --------------------------------------------------------------------------------

  @Test
  void shouldRejectConsistentReadOnGsi() {
    tenPosts();
    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Posts", "author = :a")
                        .index("ByAuthor")
                        .value(":a", s("ann"))
                        .consistentRead(true)
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Consistent reads are not supported on global secondary indexes");
    assertThatThrownBy(
            () ->
                engine.scan(
                    ScanRequest.builder("Posts").index("ByAuthor").consistentRead(true).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Consistent reads are not supported on global secondary indexes");
  }

  @Test
  void shouldRejectUnknownIndex() {
    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Posts", "author = :a")
                        .index("Nope")
                        .value(":a", s("ann"))
                        .build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The table does not have the specified index: Nope");
    assertThatThrownBy(() -> engine.scan(ScanRequest.builder("Posts").index("Nope").build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("The table does not have the specified index: Nope");
  }

  @Test
  void shouldRejectBadScanSegments() {
    assertThatThrownBy(() -> engine.scan(ScanRequest.builder("Posts").segment(4, 4).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "The Segment parameter is zero-based and must be less than parameter TotalSegments:"
                + " Segment: 4 is not less than TotalSegments: 4");
    assertThatThrownBy(() -> engine.scan(ScanRequest.builder("Posts").segment(0, 0).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'totalSegments' failed to satisfy constraint");
    assertThatThrownBy(() -> engine.scan(ScanRequest.builder("Posts").segment(-1, 4).build()))
        .isInstanceOf(ValidationException.class);
  }

  @Test
  void shouldRejectKeyConditionsThatDoNotFitTheSchema() {
    assertThatThrownBy(
            () -> engine.query(QueryRequest.builder("Posts", "seq = :s").value(":s", n(1)).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Query condition missed key schema element: forum");
    assertThatThrownBy(
            () ->
                engine.query(
                    QueryRequest.builder("Posts", "forum = :f AND title = :t")
                        .value(":f", s("java"))
                        .value(":t", s("x"))
                        .build()))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(
            () ->
                engine.query(QueryRequest.builder("Posts", "forum = :f").value(":f", n(1)).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "One or more parameter values were invalid: Condition parameter type does not match schema type");
    assertThatThrownBy(() -> engine.query(java().limit(0).build()))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("at 'limit' failed to satisfy constraint");
  }
}
