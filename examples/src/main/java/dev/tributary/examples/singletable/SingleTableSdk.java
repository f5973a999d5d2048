package dev.tributary.examples.singletable;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The same single-table design written against the AWS SDK for Java v2 only, as it would run
 * against DynamoDB: nothing here knows about Tributary. Give it a client built with {@code
 * endpointOverride(server.endpoint())} and it runs on the engine; give it a client without the
 * override and it runs on AWS.
 */
public final class SingleTableSdk {
  static final String TABLE = "AppData";
  static final String BY_STATUS = "OrdersByStatus";

  private final DynamoDbClient dynamoDb;
  private final PrintStream out;

  public SingleTableSdk(DynamoDbClient dynamoDb, PrintStream out) {
    this.dynamoDb = dynamoDb;
    this.out = out;
  }

  public void run() {
    dynamoDb.createTable(
        b ->
            b.tableName(TABLE)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(key("PK", KeyType.HASH), key("SK", KeyType.RANGE))
                .attributeDefinitions(string("PK"), string("SK"), string("status"))
                .globalSecondaryIndexes(
                    GlobalSecondaryIndex.builder()
                        .indexName(BY_STATUS)
                        .keySchema(key("status", KeyType.HASH), key("SK", KeyType.RANGE))
                        .projection(Projection.builder().projectionType(ProjectionType.ALL).build())
                        .build()));
    dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(TABLE));

    putUser("123", "Alice", "alice@example.com");
    putOrder("123", "2025-01-15", "456", "299.99", "PENDING");
    putOrder("123", "2025-02-03", "457", "45.5", "SHIPPED");
    putOrder("123", "2025-02-20", "458", "12.25", "PENDING");
    putUser("789", "Bob", "bob@example.com");
    putOrder("789", "2025-02-10", "901", "80", "PENDING");

    print(
        "Query PK = USER#123 (the user and all their orders, one request)",
        dynamoDb.query(
            QueryRequest.builder()
                .tableName(TABLE)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#123")))
                .build()));

    print(
        "Query PK = USER#123, ScanIndexForward=false, Limit=3 (profile + 2 newest orders)",
        dynamoDb.query(
            QueryRequest.builder()
                .tableName(TABLE)
                .keyConditionExpression("PK = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("USER#123")))
                .scanIndexForward(false)
                .limit(3)
                .build()));

    print(
        "Query PK = USER#123 AND begins_with(SK, ORDER#2025-02) (February's orders)",
        dynamoDb.query(
            QueryRequest.builder()
                .tableName(TABLE)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :month)")
                .expressionAttributeValues(
                    Map.of(
                        ":pk",
                        AttributeValue.fromS("USER#123"),
                        ":month",
                        AttributeValue.fromS("ORDER#2025-02")))
                .build()));

    print(
        "Query " + BY_STATUS + " status = PENDING (every user's pending orders)",
        byStatus("PENDING"));

    dynamoDb.updateItem(
        b ->
            b.tableName(TABLE)
                .key(
                    Map.of(
                        "PK",
                        AttributeValue.fromS("USER#123"),
                        "SK",
                        AttributeValue.fromS("ORDER#2025-02-20#458")))
                .updateExpression("SET #s = :shipped")
                .conditionExpression("#s = :pending")
                .expressionAttributeNames(Map.of("#s", "status"))
                .expressionAttributeValues(
                    Map.of(
                        ":shipped",
                        AttributeValue.fromS("SHIPPED"),
                        ":pending",
                        AttributeValue.fromS("PENDING"))));
    out.println("  UpdateItem ORDER#2025-02-20#458 status PENDING -> SHIPPED (the index follows)");
    print("Query " + BY_STATUS + " status = PENDING", byStatus("PENDING"));
    print("Query " + BY_STATUS + " status = SHIPPED", byStatus("SHIPPED"));
  }

  private QueryResponse byStatus(String status) {
    return dynamoDb.query(
        QueryRequest.builder()
            .tableName(TABLE)
            .indexName(BY_STATUS)
            .keyConditionExpression("#s = :s")
            .expressionAttributeNames(Map.of("#s", "status"))
            .expressionAttributeValues(Map.of(":s", AttributeValue.fromS(status)))
            .build());
  }

  private void putUser(String id, String name, String email) {
    dynamoDb.putItem(
        b ->
            b.tableName(TABLE)
                .item(
                    Map.of(
                        "PK", AttributeValue.fromS("USER#" + id),
                        "SK", AttributeValue.fromS("PROFILE"),
                        "type", AttributeValue.fromS("user"),
                        "name", AttributeValue.fromS(name),
                        "email", AttributeValue.fromS(email))));
  }

  private void putOrder(String userId, String date, String orderId, String total, String status) {
    dynamoDb.putItem(
        b ->
            b.tableName(TABLE)
                .item(
                    Map.of(
                        "PK", AttributeValue.fromS("USER#" + userId),
                        "SK", AttributeValue.fromS("ORDER#" + date + "#" + orderId),
                        "type", AttributeValue.fromS("order"),
                        "total", AttributeValue.fromN(total),
                        "status", AttributeValue.fromS(status))));
  }

  private void print(String title, QueryResponse page) {
    out.println("  " + title + ": " + page.count() + " item(s)");
    for (Map<String, AttributeValue> item : page.items()) {
      Map<String, String> text = new LinkedHashMap<>();
      item.forEach((name, value) -> text.put(name, value.s() != null ? value.s() : value.n()));
      out.println(ItemLines.line(text));
    }
  }

  private static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  private static AttributeDefinition string(String name) {
    return AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(ScalarAttributeType.S)
        .build();
  }
}
