package dev.tributary.engine.http.internal;

import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.MutableClock;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.ExpiredIteratorException;
import dev.tributary.engine.http.SerializationException;
import dev.tributary.engine.http.TrimmedDataAccessException;
import dev.tributary.engine.http.UnknownOperationException;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.UpdateTableRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The DynamoDB Streams API against a real engine in a temp dir, with a clock the test moves. */
class StreamsApiIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant START = Instant.parse("2025-01-15T10:30:00Z");

  @TempDir Path dir;
  MutableClock clock = new MutableClock(START);
  byte[] key;
  TributaryEngine engine;
  StreamsApi api;

  @BeforeEach
  void open() {
    key = ShardIterators.loadOrCreateKey(dir.resolve("streams-iterator.key"));
    openEngine();
  }

  private void openEngine() {
    engine =
        TributaryEngine.open(
            EngineOptions.builder(dir.resolve("data")).syncWrites(false).clock(clock).build());
    api = new StreamsApi(engine, clock, key);
  }

  @AfterEach
  void close() {
    engine.close();
  }

  // ---- helpers ------------------------------------------------------------------------------

  private JsonNode call(String operation, Object... members) {
    ObjectNode request = JSON.createObjectNode();
    for (int i = 0; i < members.length; i += 2) {
      request.set((String) members[i], JSON.valueToTree(members[i + 1]));
    }
    try {
      return JSON.readTree(api.handle(operation, JSON.writeValueAsBytes(request)));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void createTable(String name, Optional<StreamViewType> view) {
    CreateTableRequest.Builder b =
        CreateTableRequest.builder(name)
            .partitionKey("customerId", ScalarAttributeType.S)
            .sortKey("orderDate", ScalarAttributeType.S);
    view.ifPresent(b::stream);
    engine.createTable(b.build());
    clock.advance(Duration.ofMillis(5));
  }

  private void createOrders() {
    createTable("Orders", Optional.of(StreamViewType.NEW_AND_OLD_IMAGES));
  }

  private void putOrder(String customer, String date, String status) {
    engine.putItem(
        PutItemRequest.of(
            "Orders",
            Item.builder()
                .s("customerId", customer)
                .s("orderDate", date)
                .s("status", status)
                .build()));
    clock.advance(Duration.ofMillis(3));
  }

  private void setStatus(String customer, String date, String status) {
    engine.updateItem(
        UpdateItemRequest.builder("Orders", Item.key("customerId", customer, "orderDate", date))
            .update("SET #s = :s")
            .name("#s", "status")
            .value(":s", s(status))
            .build());
    clock.advance(Duration.ofMillis(3));
  }

  private String streamArn(String table) {
    return engine.describeTable(table).latestStreamArn().orElseThrow();
  }

  private String shardId(String arn) {
    return call("DescribeStream", "StreamArn", arn)
        .at("/StreamDescription/Shards/0/ShardId")
        .asText();
  }

  private String iterator(String arn, String type, String... sequence) {
    List<Object> m =
        new ArrayList<>(
            List.of("StreamArn", arn, "ShardId", shardId(arn), "ShardIteratorType", type));
    if (sequence.length > 0) {
      m.add("SequenceNumber");
      m.add(sequence[0]);
    }
    return call("GetShardIterator", m.toArray()).get("ShardIterator").asText();
  }

  /** Follows NextShardIterator until a call returns no records; returns every record read. */
  private List<JsonNode> drain(String iterator, int limit, List<String> lastIterator) {
    List<JsonNode> out = new ArrayList<>();
    String it = iterator;
    while (it != null) {
      JsonNode r = call("GetRecords", "ShardIterator", it, "Limit", limit);
      r.get("Records").forEach(out::add);
      String next = r.hasNonNull("NextShardIterator") ? r.get("NextShardIterator").asText() : null;
      lastIterator.clear();
      if (next != null) {
        lastIterator.add(next);
      }
      if (r.get("Records").isEmpty()) {
        break;
      }
      it = next;
    }
    return out;
  }

  private long afterOf(String iterator) {
    return new ShardIterators(key).decode(iterator).afterSequence();
  }

  private static List<String> names(List<JsonNode> records) {
    return records.stream().map(r -> r.get("eventName").asText()).toList();
  }

  // ---- ListStreams ----------------------------------------------------------------------------

  @Test
  void listStreamsShouldListStreamingTablesInNameOrderAndPaginate() {
    createTable("Alpha", Optional.of(StreamViewType.NEW_IMAGE));
    createTable("Bravo", Optional.empty());
    createTable("Charlie", Optional.of(StreamViewType.KEYS_ONLY));
    createTable("Delta", Optional.of(StreamViewType.NEW_AND_OLD_IMAGES));

    JsonNode all = call("ListStreams");
    assertThat(all.get("Streams"))
        .extracting(n -> n.get("TableName").asText())
        .containsExactly("Alpha", "Charlie", "Delta");
    assertThat(all.has("LastEvaluatedStreamArn")).isFalse();
    JsonNode first = all.get("Streams").get(0);
    assertThat(first.get("StreamArn").asText())
        .isEqualTo(streamArn("Alpha"))
        .startsWith("arn:aws:dynamodb:us-east-1:000000000000:table/Alpha/stream/");
    assertThat(first.get("StreamLabel").asText())
        .isEqualTo(engine.describeTable("Alpha").latestStreamLabel().orElseThrow());

    JsonNode page1 = call("ListStreams", "Limit", 2);
    assertThat(page1.get("Streams"))
        .extracting(n -> n.get("TableName").asText())
        .containsExactly("Alpha", "Charlie");
    assertThat(page1.get("LastEvaluatedStreamArn").asText()).isEqualTo(streamArn("Charlie"));
    JsonNode page2 =
        call("ListStreams", "Limit", 2, "ExclusiveStartStreamArn", streamArn("Charlie"));
    assertThat(page2.get("Streams"))
        .extracting(n -> n.get("TableName").asText())
        .containsExactly("Delta");
    assertThat(page2.has("LastEvaluatedStreamArn")).isFalse();

    assertThat(call("ListStreams", "TableName", "Charlie").get("Streams"))
        .extracting(n -> n.get("StreamArn").asText())
        .containsExactly(streamArn("Charlie"));
    assertThat(call("ListStreams", "TableName", "Bravo").get("Streams")).isEmpty();
    assertThatThrownBy(() -> call("ListStreams", "TableName", "Nope"))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> call("ListStreams", "Limit", 0))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "1 validation error detected: Value '0' at 'limit' failed to satisfy constraint:"
                + " Member must have value greater than or equal to 1");
    assertThatThrownBy(() -> call("ListStreams", "Limit", 101))
        .isInstanceOf(ValidationException.class);
  }

  // ---- DescribeStream -------------------------------------------------------------------------

  @Test
  void describeStreamShouldDescribeTheStreamAndItsShard() {
    createOrders();
    putOrder("CUST-1", "2025-01-15", "PENDING");
    String arn = streamArn("Orders");
    JsonNode d = call("DescribeStream", "StreamArn", arn).get("StreamDescription");
    String label = engine.describeTable("Orders").latestStreamLabel().orElseThrow();
    assertThat(d.get("StreamArn").asText()).isEqualTo(arn);
    assertThat(d.get("StreamLabel").asText()).isEqualTo(label);
    assertThat(d.get("StreamStatus").asText()).isEqualTo("ENABLED");
    assertThat(d.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(d.get("CreationRequestDateTime").decimalValue())
        .isEqualByComparingTo(new BigDecimal(START.getEpochSecond()));
    assertThat(d.get("TableName").asText()).isEqualTo("Orders");
    assertThat(d.get("KeySchema").toString())
        .isEqualTo(
            "[{\"AttributeName\":\"customerId\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"orderDate\",\"KeyType\":\"RANGE\"}]");
    JsonNode shard = d.get("Shards").get(0);
    assertThat(d.get("Shards")).hasSize(1);
    assertThat(shard.get("ShardId").asText()).matches("shardId-\\d{20}-[0-9a-f]{8}");
    assertThat(shard.get("ShardId").asText()).hasSizeBetween(28, 65);
    assertThat(shard.get("SequenceNumberRange").get("StartingSequenceNumber").asText())
        .isEqualTo("000000000000000000001");
    assertThat(shard.get("SequenceNumberRange").has("EndingSequenceNumber")).isFalse();
    assertThat(shard.has("ParentShardId")).isFalse();
    assertThat(d.has("LastEvaluatedShardId")).isFalse();

    JsonNode afterShard =
        call(
            "DescribeStream",
            "StreamArn",
            arn,
            "Limit",
            1,
            "ExclusiveStartShardId",
            shard.get("ShardId").asText());
    assertThat(afterShard.at("/StreamDescription/Shards")).isEmpty();

    String unknown = arn.replace("/Orders/", "/Missing/");
    assertThatThrownBy(() -> call("DescribeStream", "StreamArn", unknown))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessage("Requested resource not found: Stream: " + unknown + " not found");
    assertThatThrownBy(() -> call("DescribeStream", "StreamArn", arn + "0"))
        .isInstanceOf(ResourceNotFoundException.class);
    assertThatThrownBy(() -> call("DescribeStream", "StreamArn", "not-an-arn"))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> call("DescribeStream"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "1 validation error detected: Value null at 'streamArn' failed to satisfy constraint: Member must not be null");
    assertThatThrownBy(() -> call("DescribeStream", "StreamArn", arn, "Limit", 0))
        .isInstanceOf(ValidationException.class);
  }

  // ---- GetShardIterator + GetRecords ------------------------------------------------------------

  @Test
  void recordsShouldHaveTheDynamoDbStreamsRecordShapeAndImages() {
    createOrders();
    putOrder("CUST-1", "2025-01-15", "PENDING");
    setStatus("CUST-1", "2025-01-15", "SHIPPED");
    engine.deleteItem(
        DeleteItemRequest.of(
            "Orders", Item.key("customerId", "CUST-1", "orderDate", "2025-01-15")));

    JsonNode r = call("GetRecords", "ShardIterator", iterator(streamArn("Orders"), "TRIM_HORIZON"));
    JsonNode records = r.get("Records");
    assertThat(names(list(records))).containsExactly("INSERT", "MODIFY", "REMOVE");
    JsonNode insert = records.get(0);
    assertThat(iterate(insert.fieldNames()))
        .containsExactly(
            "eventID", "eventName", "eventVersion", "eventSource", "awsRegion", "dynamodb");
    assertThat(insert.get("eventVersion").asText()).isEqualTo("1.1");
    assertThat(insert.get("eventSource").asText()).isEqualTo("aws:dynamodb");
    assertThat(insert.get("awsRegion").asText()).isEqualTo("us-east-1");
    assertThat(insert.get("eventID").asText()).isNotBlank();
    JsonNode db = insert.get("dynamodb");
    assertThat(db.get("ApproximateCreationDateTime").isIntegralNumber()).isTrue();
    assertThat(db.get("ApproximateCreationDateTime").asLong()).isEqualTo(START.getEpochSecond());
    assertThat(db.get("Keys").toString())
        .isEqualTo("{\"customerId\":{\"S\":\"CUST-1\"},\"orderDate\":{\"S\":\"2025-01-15\"}}");
    assertThat(db.at("/NewImage/status/S").asText()).isEqualTo("PENDING");
    assertThat(db.has("OldImage")).isFalse();
    assertThat(db.get("SequenceNumber").asText()).isEqualTo("000000000000000000001");
    assertThat(db.get("SizeBytes").asLong()).isPositive();
    assertThat(db.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    JsonNode modify = records.get(1).get("dynamodb");
    assertThat(modify.at("/OldImage/status/S").asText()).isEqualTo("PENDING");
    assertThat(modify.at("/NewImage/status/S").asText()).isEqualTo("SHIPPED");
    JsonNode remove = records.get(2).get("dynamodb");
    assertThat(remove.at("/OldImage/status/S").asText()).isEqualTo("SHIPPED");
    assertThat(remove.has("NewImage")).isFalse();
    assertThat(r.get("NextShardIterator").asText()).isNotBlank();
  }

  @Test
  void ttlDeletionsShouldCarryTheServiceUserIdentity() {
    createOrders();
    engine.updateTimeToLive("Orders", true, "expiresAt");
    engine.putItem(
        PutItemRequest.of(
            "Orders",
            Item.builder()
                .s("customerId", "C")
                .s("orderDate", "D")
                .n("expiresAt", START.getEpochSecond() - 10)
                .build()));
    clock.advance(Duration.ofSeconds(1));
    assertThat(engine.sweepExpiredItems()).isEqualTo(1);
    JsonNode records =
        call("GetRecords", "ShardIterator", iterator(streamArn("Orders"), "TRIM_HORIZON"))
            .get("Records");
    assertThat(names(list(records))).containsExactly("INSERT", "REMOVE");
    assertThat(records.get(0).has("userIdentity")).isFalse();
    assertThat(records.get(1).get("userIdentity").toString())
        .isEqualTo("{\"PrincipalId\":\"dynamodb.amazonaws.com\",\"Type\":\"Service\"}");
  }

  @Test
  void shardIteratorTypesShouldStartWhereDynamoDbStarts() {
    createOrders();
    for (int i = 1; i <= 5; i++) {
      putOrder("CUST-" + i, "2025-01-1" + i, "PENDING");
    }
    String arn = streamArn("Orders");
    List<String> none = new ArrayList<>();
    assertThat(drain(iterator(arn, "TRIM_HORIZON"), 100, none))
        .extracting(n -> n.at("/dynamodb/Keys/customerId/S").asText())
        .containsExactly("CUST-1", "CUST-2", "CUST-3", "CUST-4", "CUST-5");
    assertThat(drain(iterator(arn, "AT_SEQUENCE_NUMBER", "000000000000000000003"), 100, none))
        .extracting(n -> n.at("/dynamodb/SequenceNumber").asText())
        .containsExactly("000000000000000000003", "000000000000000000004", "000000000000000000005");
    assertThat(drain(iterator(arn, "AFTER_SEQUENCE_NUMBER", "3"), 100, none))
        .extracting(n -> n.at("/dynamodb/SequenceNumber").asText())
        .containsExactly("000000000000000000004", "000000000000000000005");

    String latest = iterator(arn, "LATEST");
    JsonNode empty = call("GetRecords", "ShardIterator", latest);
    assertThat(empty.get("Records")).isEmpty();
    putOrder("CUST-6", "2025-01-16", "PENDING");
    assertThat(
            call("GetRecords", "ShardIterator", empty.get("NextShardIterator").asText())
                .get("Records"))
        .extracting(n -> n.at("/dynamodb/Keys/customerId/S").asText())
        .containsExactly("CUST-6");
    // The LATEST iterator itself, used again, also sees the new record.
    assertThat(call("GetRecords", "ShardIterator", latest).get("Records")).hasSize(1);

    String shard = shardId(arn);
    assertThatThrownBy(
            () ->
                call(
                    "GetShardIterator",
                    "StreamArn",
                    arn,
                    "ShardId",
                    shard,
                    "ShardIteratorType",
                    "AT_TIMESTAMP"))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "1 validation error detected: Value 'AT_TIMESTAMP' at 'shardIteratorType' failed to satisfy"
                + " constraint: Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_SEQUENCE_NUMBER, AFTER_SEQUENCE_NUMBER]");
    assertThatThrownBy(
            () ->
                call(
                    "GetShardIterator",
                    "StreamArn",
                    arn,
                    "ShardId",
                    shard,
                    "ShardIteratorType",
                    "AT_SEQUENCE_NUMBER"))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining("SequenceNumber");
    assertThatThrownBy(() -> iterator(arn, "AT_SEQUENCE_NUMBER", "99"))
        .isInstanceOf(ValidationException.class)
        .hasMessageStartingWith("Invalid SequenceNumber: 99");
    assertThatThrownBy(() -> iterator(arn, "AT_SEQUENCE_NUMBER", "12abc"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Invalid SequenceNumber: 12abc");
    assertThatThrownBy(
            () ->
                call(
                    "GetShardIterator",
                    "StreamArn",
                    arn,
                    "ShardId",
                    "shardId-00000000000000000000-00000000",
                    "ShardIteratorType",
                    "LATEST"))
        .isInstanceOf(ResourceNotFoundException.class)
        .hasMessage("Requested resource not found: Shard does not exist");
  }

  @Test
  void getRecordsShouldHonourLimitAndStayAtTheEnd() {
    createOrders();
    for (int i = 1; i <= 5; i++) {
      putOrder("CUST-" + i, "2025-01-1" + i, "PENDING");
    }
    String it = iterator(streamArn("Orders"), "TRIM_HORIZON");
    List<Integer> sizes = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (int call = 0; call < 4; call++) {
      JsonNode r = call("GetRecords", "ShardIterator", it, "Limit", 2);
      sizes.add(r.get("Records").size());
      r.get("Records").forEach(n -> seen.add(n.at("/dynamodb/SequenceNumber").asText()));
      it = r.get("NextShardIterator").asText();
    }
    assertThat(sizes).containsExactly(2, 2, 1, 0);
    assertThat(seen).hasSize(5).doesNotHaveDuplicates().isSorted();
    // Past the end: no records, and a NextShardIterator at the same position.
    long position = afterOf(it);
    assertThat(position).isEqualTo(5);
    JsonNode atEnd = call("GetRecords", "ShardIterator", it);
    assertThat(atEnd.get("Records")).isEmpty();
    assertThat(afterOf(atEnd.get("NextShardIterator").asText())).isEqualTo(position);

    String finalIt = it;
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", finalIt, "Limit", 1001))
        .isInstanceOf(ValidationException.class)
        .hasMessage(
            "1 validation error detected: Value '1001' at 'limit' failed to satisfy constraint:"
                + " Member must have value less than or equal to 1000");
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", finalIt, "Limit", 0))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> call("GetRecords")).isInstanceOf(ValidationException.class);
  }

  @Test
  void iteratorsShouldExpireAfterFifteenMinutesOnTheEngineClock() {
    createOrders();
    putOrder("CUST-1", "2025-01-15", "PENDING");
    String it = iterator(streamArn("Orders"), "TRIM_HORIZON");
    clock.advance(Duration.ofMinutes(15));
    JsonNode r = call("GetRecords", "ShardIterator", it);
    assertThat(r.get("Records")).hasSize(1);
    clock.advance(Duration.ofMillis(1));
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", it))
        .isInstanceOf(ExpiredIteratorException.class)
        .hasMessageStartingWith("Iterator expired.");
    // A NextShardIterator is a new iterator with its own 15 minutes.
    String next = r.get("NextShardIterator").asText();
    clock.advance(Duration.ofMinutes(14));
    assertThat(call("GetRecords", "ShardIterator", next).get("Records")).isEmpty();
  }

  @Test
  void forgedOrAlteredIteratorsShouldBeRejected() {
    createOrders();
    putOrder("CUST-1", "2025-01-15", "PENDING");
    String it = iterator(streamArn("Orders"), "TRIM_HORIZON");
    String altered = it.substring(0, it.length() - 2) + (it.endsWith("AA") ? "AB" : "AA");
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", altered))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Invalid ShardIterator");
    byte[] otherKey = new byte[32];
    String forged =
        new ShardIterators(otherKey)
            .encode(new ShardIterators.Position(streamArn("Orders"), 0, clock.millis()));
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", forged))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Invalid ShardIterator");
    String otherTable = it.replace("/Orders/", "/Orderz/");
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", otherTable))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Invalid ShardIterator");
    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", "garbage"))
        .isInstanceOf(ValidationException.class)
        .hasMessage("Invalid ShardIterator");
  }

  @Test
  void readsOfTrimmedRecordsShouldFailAsDynamoDbStreamsDoes() {
    createOrders();
    putOrder("CUST-1", "2025-01-15", "PENDING");
    putOrder("CUST-2", "2025-01-15", "PENDING");
    String arn = streamArn("Orders");
    String old = iterator(arn, "TRIM_HORIZON");
    clock.advance(Duration.ofMinutes(2));
    putOrder("CUST-3", "2025-01-15", "PENDING");
    assertThat(engine.trimChangeLogs(Duration.ofMinutes(1))).isEqualTo(2);

    assertThatThrownBy(() -> call("GetRecords", "ShardIterator", old))
        .isInstanceOf(TrimmedDataAccessException.class)
        .hasMessage("The operation attempted to read past the oldest stream record in a shard.");
    assertThatThrownBy(() -> iterator(arn, "AT_SEQUENCE_NUMBER", "1"))
        .isInstanceOf(TrimmedDataAccessException.class);
    assertThat(drain(iterator(arn, "TRIM_HORIZON"), 10, new ArrayList<>()))
        .extracting(n -> n.at("/dynamodb/Keys/customerId/S").asText())
        .containsExactly("CUST-3");
    assertThat(
            call("DescribeStream", "StreamArn", arn)
                .at("/StreamDescription/Shards/0/SequenceNumberRange/StartingSequenceNumber")
                .asText())
        .isEqualTo("000000000000000000003");
  }

  @Test
  void disablingShouldCloseTheShardAndReenablingShouldStartANewStream() {
    createOrders();
    putOrder("CUST-1", "2025-01-15", "PENDING");
    putOrder("CUST-2", "2025-01-15", "PENDING");
    String oldArn = streamArn("Orders");
    String oldIterator = iterator(oldArn, "TRIM_HORIZON");
    JsonNode firstRead = call("GetRecords", "ShardIterator", oldIterator, "Limit", 1);
    assertThat(firstRead.get("Records")).hasSize(1);

    engine.updateTable(
        UpdateTableRequest.builder("Orders").stream(StreamSpecification.disabled()).build());
    clock.advance(Duration.ofSeconds(1));
    JsonNode disabled = call("DescribeStream", "StreamArn", oldArn).get("StreamDescription");
    assertThat(disabled.get("StreamStatus").asText()).isEqualTo("DISABLED");
    assertThat(disabled.get("StreamViewType").asText()).isEqualTo("NEW_AND_OLD_IMAGES");
    assertThat(disabled.at("/Shards/0/SequenceNumberRange/EndingSequenceNumber").asText())
        .isEqualTo("000000000000000000002");
    putOrder("CUST-X", "2025-01-15", "NOT-STREAMED");

    engine.updateTable(
        UpdateTableRequest.builder("Orders").stream(
                StreamSpecification.enabled(StreamViewType.NEW_IMAGE))
            .build());
    clock.advance(Duration.ofMillis(5));
    putOrder("CUST-3", "2025-01-15", "PENDING");
    String newArn = streamArn("Orders");
    assertThat(newArn).isNotEqualTo(oldArn);
    // both listed, newest first, as DynamoDB lists a table's streams still readable
    assertThat(call("ListStreams").get("Streams"))
        .extracting(n -> n.get("StreamArn").asText())
        .containsExactly(newArn, oldArn);
    assertThat(shardId(newArn)).isNotEqualTo(disabled.at("/Shards/0/ShardId").asText());
    // As in DynamoDB the old stream stays readable: described DISABLED, its shard ended.
    JsonNode old = call("DescribeStream", "StreamArn", oldArn).get("StreamDescription");
    assertThat(old.get("StreamStatus").asText()).isEqualTo("DISABLED");
    assertThat(old.at("/Shards/0/SequenceNumberRange").has("EndingSequenceNumber")).isTrue();

    // The old stream's iterator reads the rest of the old stream, then its shard ends.
    JsonNode rest =
        call("GetRecords", "ShardIterator", firstRead.get("NextShardIterator").asText());
    assertThat(rest.get("Records"))
        .extracting(n -> n.at("/dynamodb/Keys/customerId/S").asText())
        .containsExactly("CUST-2");
    assertThat(rest.has("NextShardIterator")).isFalse();

    // The new stream holds only what was written since it was enabled, with its own view type.
    JsonNode fresh = call("GetRecords", "ShardIterator", iterator(newArn, "TRIM_HORIZON"));
    assertThat(fresh.get("Records"))
        .extracting(n -> n.at("/dynamodb/Keys/customerId/S").asText())
        .containsExactly("CUST-3");
    assertThat(fresh.at("/Records/0/dynamodb/StreamViewType").asText()).isEqualTo("NEW_IMAGE");
    assertThat(
            call("DescribeStream", "StreamArn", newArn)
                .at("/StreamDescription/Shards/0/SequenceNumberRange/StartingSequenceNumber")
                .asText())
        .isEqualTo("000000000000000000003");

    // Disable the new stream too: a reader eventually gets no NextShardIterator.
    engine.updateTable(
        UpdateTableRequest.builder("Orders").stream(StreamSpecification.disabled()).build());
    List<String> last = new ArrayList<>();
    String it = fresh.get("NextShardIterator").asText();
    JsonNode end = call("GetRecords", "ShardIterator", it);
    assertThat(end.get("Records")).isEmpty();
    assertThat(end.has("NextShardIterator")).isFalse();
    assertThat(drain(iterator(newArn, "TRIM_HORIZON"), 10, last)).hasSize(1);
    assertThat(last).isEmpty();
  }

  @Test
  void aConsumerShouldReadEveryWriteOnceInOrderAcrossAnEngineRestart() {
    createOrders();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      String customer = "CUST-" + (i % 7);
      String date = "2025-01-" + (10 + i % 3);
      String status = "S" + i;
      putOrder(customer, date, status);
      expected.add(customer + "|" + date + "|" + status);
    }
    String arn = streamArn("Orders");
    List<String> seen = new ArrayList<>();
    List<String> oldStatus = new ArrayList<>();
    String it = iterator(arn, "TRIM_HORIZON");
    for (int call = 0; call < 2; call++) {
      JsonNode r = call("GetRecords", "ShardIterator", it, "Limit", 7);
      r.get("Records").forEach(n -> collect(n, seen, oldStatus));
      it = r.get("NextShardIterator").asText();
    }
    assertThat(seen).hasSize(14);

    engine.close();
    openEngine();
    for (int i = 30; i < 40; i++) {
      String status = "S" + i;
      putOrder("CUST-" + (i % 7), "2025-01-" + (10 + i % 3), status);
      expected.add("CUST-" + (i % 7) + "|2025-01-" + (10 + i % 3) + "|" + status);
    }
    List<String> last = new ArrayList<>();
    drain(it, 7, last).forEach(n -> collect(n, seen, oldStatus));
    assertThat(seen).containsExactlyElementsOf(expected);
    // OldImage is the previous write to the same item, or absent for the first one.
    Map<String, String> previous = new HashMap<>();
    List<String> expectedOld = new ArrayList<>();
    for (String e : expected) {
      String item = e.substring(0, e.lastIndexOf('|'));
      expectedOld.add(
          Optional.ofNullable(previous.put(item, e.substring(e.lastIndexOf('|') + 1))).orElse("-"));
    }
    assertThat(oldStatus).containsExactlyElementsOf(expectedOld);
    assertThat(last).hasSize(1); // the shard is open: the consumer keeps an iterator to poll with
  }

  private static void collect(JsonNode record, List<String> seen, List<String> oldStatus) {
    JsonNode db = record.get("dynamodb");
    seen.add(
        db.at("/Keys/customerId/S").asText()
            + "|"
            + db.at("/Keys/orderDate/S").asText()
            + "|"
            + db.at("/NewImage/status/S").asText());
    oldStatus.add(db.has("OldImage") ? db.at("/OldImage/status/S").asText() : "-");
    assertThat(record.get("eventName").asText())
        .isEqualTo(db.has("OldImage") ? "MODIFY" : "INSERT");
  }

  // ---- protocol errors ------------------------------------------------------------------------

  @Test
  void badRequestsShouldGetDynamoDbErrors() {
    assertThatThrownBy(() -> api.handle("PutRecord", "{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(UnknownOperationException.class);
    assertThatThrownBy(
            () -> api.handle("ListStreams", "{not json".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(() -> api.handle("ListStreams", "[1]".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(
            () -> api.handle("ListStreams", "{\"Limit\":\"ten\"}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThatThrownBy(
            () ->
                api.handle("DescribeStream", "{\"StreamArn\":5}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SerializationException.class);
    assertThat(new String(api.handle("ListStreams", new byte[0]), StandardCharsets.UTF_8))
        .isEqualTo("{\"Streams\":[]}");
  }

  private static List<JsonNode> list(JsonNode array) {
    List<JsonNode> out = new ArrayList<>();
    array.forEach(out::add);
    return out;
  }

  private static List<String> iterate(Iterator<String> it) {
    List<String> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }
}
