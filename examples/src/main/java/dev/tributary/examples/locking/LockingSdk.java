package dev.tributary.examples.locking;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.util.Map;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.IdempotentParameterMismatchException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * The same habits written against the AWS SDK for Java v2 only, as for DynamoDB: the Enhanced
 * Client's {@code @DynamoDbVersionAttribute} for optimistic locking and create-once, and a
 * TransactWriteItems retried with its ClientRequestToken.
 */
public final class LockingSdk {
  static final String PRODUCTS = "Catalog";
  static final String RESERVATIONS = "Reservations";

  private final DynamoDbClient dynamoDb;
  private final PrintStream out;

  public LockingSdk(DynamoDbClient dynamoDb, PrintStream out) {
    this.dynamoDb = dynamoDb;
    this.out = out;
  }

  public void run() {
    enhancedClientVersioning();
    transactionRetriedWithItsToken();
  }

  private void enhancedClientVersioning() {
    out.println("  -- DynamoDbEnhancedClient, @DynamoDbVersionAttribute --");
    DynamoDbEnhancedClient enhanced =
        DynamoDbEnhancedClient.builder().dynamoDbClient(dynamoDb).build();
    DynamoDbTable<Product> products = enhanced.table(PRODUCTS, TableSchema.fromBean(Product.class));
    products.createTable();
    dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(PRODUCTS));

    products.putItem(new Product("P-9", "Espresso machine", new BigDecimal("249.00")));
    out.println("  putItem new P-9: saved as version " + load(products).getVersion());
    try {
      products.putItem(new Product("P-9", "Espresso machine (duplicate)", new BigDecimal("1.00")));
    } catch (ConditionalCheckFailedException e) {
      out.println(
          "  putItem new P-9 again: ConditionalCheckFailedException (a new bean is created only once)");
    }

    // Two sessions load the same version and both change the price.
    Product mine = load(products);
    Product theirs = load(products);
    theirs.setPrice(new BigDecimal("229.00"));
    theirs = products.updateItem(theirs);
    out.println("  session B: price 249.00 -> 229.00, saved as version " + theirs.getVersion());
    mine.setPrice(mine.getPrice().add(new BigDecimal("10.00")));
    try {
      products.updateItem(mine);
    } catch (ConditionalCheckFailedException e) {
      out.println(
          "  session A: saving version "
              + mine.getVersion()
              + ": ConditionalCheckFailedException; loading again and retrying");
      mine = load(products);
      mine.setPrice(mine.getPrice().add(new BigDecimal("10.00")));
      mine = products.updateItem(mine);
    }
    Product now = load(products);
    out.println(
        "  P-9 now price="
            + now.getPrice().setScale(2).toPlainString()
            + " version="
            + now.getVersion()
            + " (229.00 + 10.00: both changes kept)");
  }

  private static Product load(DynamoDbTable<Product> products) {
    return products.getItem(
        r -> r.key(Key.builder().partitionValue("P-9").build()).consistentRead(true));
  }

  private void transactionRetriedWithItsToken() {
    out.println("  -- TransactWriteItems with ClientRequestToken, over the wire --");
    dynamoDb.createTable(
        b ->
            b.tableName(RESERVATIONS)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .keySchema(
                    KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
                .attributeDefinitions(
                    AttributeDefinition.builder()
                        .attributeName("id")
                        .attributeType(ScalarAttributeType.S)
                        .build()));
    dynamoDb.waiter().waitUntilTableExists(b -> b.tableName(RESERVATIONS));
    dynamoDb.putItem(
        b ->
            b.tableName(RESERVATIONS)
                .item(
                    Map.of(
                        "id",
                        AttributeValue.fromS("TABLE-7"),
                        "seats",
                        AttributeValue.fromN("8"))));

    dynamoDb.transactWriteItems(reserve("R-1", 2, "reserve-R-1"));
    out.println("  reserve R-1 (2 seats), token reserve-R-1: committed, seats left=" + seatsLeft());
    dynamoDb.transactWriteItems(reserve("R-1", 2, "reserve-R-1"));
    out.println(
        "  the same request and token again: succeeded without writing again, seats left="
            + seatsLeft());
    try {
      dynamoDb.transactWriteItems(reserve("R-1", 5, "reserve-R-1"));
    } catch (IdempotentParameterMismatchException e) {
      out.println("  the same token with 5 seats: IdempotentParameterMismatchException");
    }
  }

  /** A reservation and the seats it takes, all or nothing, identified by {@code token}. */
  private static TransactWriteItemsRequest reserve(String id, int seats, String token) {
    return TransactWriteItemsRequest.builder()
        .clientRequestToken(token)
        .transactItems(
            TransactWriteItem.builder()
                .put(
                    p ->
                        p.tableName(RESERVATIONS)
                            .item(
                                Map.of(
                                    "id",
                                    AttributeValue.fromS(id),
                                    "seats",
                                    AttributeValue.fromN(Integer.toString(seats))))
                            .conditionExpression("attribute_not_exists(id)"))
                .build(),
            TransactWriteItem.builder()
                .update(
                    u ->
                        u.tableName(RESERVATIONS)
                            .key(Map.of("id", AttributeValue.fromS("TABLE-7")))
                            .updateExpression("SET seats = seats - :n")
                            .conditionExpression("seats >= :n")
                            .expressionAttributeValues(
                                Map.of(":n", AttributeValue.fromN(Integer.toString(seats)))))
                .build())
        .build();
  }

  private String seatsLeft() {
    return dynamoDb
        .getItem(
            b ->
                b.tableName(RESERVATIONS)
                    .key(Map.of("id", AttributeValue.fromS("TABLE-7")))
                    .consistentRead(true))
        .item()
        .get("seats")
        .n();
  }
}
