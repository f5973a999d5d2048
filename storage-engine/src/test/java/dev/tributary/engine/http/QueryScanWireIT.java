package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Query and Scan through the SDK, including its paginators. */
class QueryScanWireIT extends WireTestBase {

  private String seeded(int n) {
    String t = createTable("Reads", true);
    for (int i = 0; i < n; i++) {
      int k = i;
      client.putItem(
          b ->
              b.tableName(t)
                  .item(
                      Map.of(
                          "pk",
                          s("p" + (k % 2)),
                          "sk",
                          s(String.format("%03d", k)),
                          "n",
                          n(Integer.toString(k)))));
    }
    return t;
  }

  @Test
  void shouldQueryInOrderAndPageWithThePaginator() {
    String t = seeded(40);
    var pages =
        client.queryPaginator(
            b ->
                b.tableName(t)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p0")))
                    .limit(3));
    List<String> keys = pages.items().stream().map(i -> i.get("sk").s()).toList();
    assertThat(keys).hasSize(20).isSorted();
    assertThat(pages.stream().count()).isGreaterThanOrEqualTo(7);

    var desc =
        client.query(
            b ->
                b.tableName(t)
                    .keyConditionExpression("pk = :p AND sk BETWEEN :a AND :b")
                    .expressionAttributeValues(
                        Map.of(":p", s("p1"), ":a", s("010"), ":b", s("020")))
                    .scanIndexForward(false)
                    .filterExpression("n > :m")
                    .expressionAttributeValues(
                        Map.of(":p", s("p1"), ":a", s("010"), ":b", s("020"), ":m", n("12")))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL));
    assertThat(desc.items())
        .extracting(i -> i.get("sk").s())
        .containsExactly("019", "017", "015", "013");
    assertThat(desc.scannedCount()).isEqualTo(5);
    assertThat(desc.count()).isEqualTo(4);
    assertThat(desc.consumedCapacity().capacityUnits()).isPositive();
    assertThat(desc.hasLastEvaluatedKey()).isFalse();
  }

  @Test
  void shouldCountWithoutItems() {
    String t = seeded(10);
    var count =
        client.query(
            b ->
                b.tableName(t)
                    .keyConditionExpression("pk = :p")
                    .expressionAttributeValues(Map.of(":p", s("p0")))
                    .select(Select.COUNT));
    assertThat(count.count()).isEqualTo(5);
    assertThat(count.hasItems()).isFalse();
  }

  @Test
  void shouldScanWithPaginatorAndSegments() {
    String t = seeded(30);
    List<Map<String, AttributeValue>> all =
        client.scanPaginator(b -> b.tableName(t).limit(4)).items().stream().toList();
    assertThat(all).hasSize(30);
    long viaSegments =
        IntStream.range(0, 3)
            .mapToLong(
                seg ->
                    client
                        .scanPaginator(b -> b.tableName(t).segment(seg).totalSegments(3))
                        .items()
                        .stream()
                        .count())
            .sum();
    assertThat(viaSegments).isEqualTo(30);
    var filtered =
        client.scan(
            b ->
                b.tableName(t)
                    .filterExpression("n < :x")
                    .expressionAttributeValues(Map.of(":x", n("5")))
                    .projectionExpression("sk"));
    assertThat(filtered.count()).isEqualTo(5);
    assertThat(filtered.items()).allSatisfy(i -> assertThat(i.keySet()).containsExactly("sk"));
  }
}
