package dev.tributary.engine.http;

import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * One engine and one server on a random port per test class, and an SDK v2 client for it. The
 * server verifies SigV4 signatures against the client's credentials, unless a test class sends raw,
 * unsigned requests and overrides {@link #serverOptions()}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WireTestBase {
  static final String ACCESS_KEY = "AKIDTEST";
  static final String SECRET_KEY = "secret";

  private static final AtomicInteger TABLES = new AtomicInteger();

  @TempDir static Path dir;
  static TributaryEngine engine;
  static EngineServer server;
  static DynamoDbClient client;

  ServerOptions.Builder serverOptions() {
    return ServerOptions.builder().port(0).workerThreads(8).credentials(ACCESS_KEY, SECRET_KEY);
  }

  EngineOptions engineOptions() {
    return EngineOptions.builder(dir).syncWrites(false).build();
  }

  @BeforeAll
  void startServer() {
    engine = TributaryEngine.open(engineOptions());
    server = EngineServer.start(engine, serverOptions().build());
    client = client(true);
  }

  @AfterAll
  void stopServer() {
    client.close();
    server.close();
    engine.close();
  }

  static DynamoDbClient client(boolean retries) {
    var b =
        DynamoDbClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .httpClient(UrlConnectionHttpClient.create());
    if (!retries) {
      b.overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
    }
    return b.build();
  }

  static String table(String prefix) {
    return prefix + "-" + TABLES.incrementAndGet();
  }

  /** A PAY_PER_REQUEST table keyed by {@code pk} (S) and, when given, {@code sk} (S). */
  static String createTable(String prefix, boolean withSortKey) {
    String name = table(prefix);
    client.createTable(
        b -> {
          b.tableName(name).billingMode(BillingMode.PAY_PER_REQUEST);
          if (withSortKey) {
            b.keySchema(key("pk", KeyType.HASH), key("sk", KeyType.RANGE))
                .attributeDefinitions(
                    attr("pk", ScalarAttributeType.S), attr("sk", ScalarAttributeType.S));
          } else {
            b.keySchema(key("pk", KeyType.HASH))
                .attributeDefinitions(attr("pk", ScalarAttributeType.S));
          }
        });
    return name;
  }

  static KeySchemaElement key(String name, KeyType type) {
    return KeySchemaElement.builder().attributeName(name).keyType(type).build();
  }

  static AttributeDefinition attr(String name, ScalarAttributeType type) {
    return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(String v) {
    return AttributeValue.fromN(v);
  }
}
