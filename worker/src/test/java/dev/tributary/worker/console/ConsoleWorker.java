package dev.tributary.worker.console;

import dev.tributary.worker.Worker;
import dev.tributary.worker.config.WorkerConfig;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A worker for the console's tests: embedded broker and engine (with its DynamoDB endpoint), the
 * relay, and pipeline {@code orders} on table {@code Orders} with one {@code test-ledger} handler
 * that appends every event's id to {@link #ledger}, takes {@code delayMs} per batch, and
 * dead-letters keys starting with {@code BAD-} while {@link #poisonSwitch} exists.
 */
final class ConsoleWorker implements AutoCloseable {
  static final String TOKEN = "console-test-token-0123456789";

  /** A name a reverse proxy would send, listed in {@code worker.console.allowed-hosts}. */
  static final String PROXY_NAME = "console.proxy.test";

  final Path dir;
  final Path ledger;
  final Path poisonSwitch;
  final Worker worker;
  final int httpPort;
  final int dynamoPort;
  final DynamoDbClient dynamo;

  ConsoleWorker(Path dir, long delayMs) throws IOException {
    this.dir = dir;
    this.ledger = dir.resolve("ledger.txt");
    this.poisonSwitch = dir.resolve("poison-on");
    Files.writeString(poisonSwitch, "bad keys fail while this file exists");
    this.httpPort = freePort();
    this.dynamoPort = freePort();
    Path config = dir.resolve("tributary.yaml");
    Files.writeString(
        config,
        """
        worker:
          id: console-it
          http: {host: 127.0.0.1, port: %d}
          lag-interval: 1s
          console: {token: "%s", allowed-hosts: [%s]}
        kafka:
          embedded: {data-dir: kafka}
          partitions: 1
        engine:
          embedded:
            data-dir: engine
            sync: false
            endpoint: {host: 127.0.0.1, port: %d, allow-any-credentials: true}
            tables:
              - name: Orders
                partition-key: customerId
        sources:
          - type: engine-relay
            id: main
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              ledger:
                type: test-ledger
                config: {path: "%s", poison-prefix: BAD-, poison-while: "%s", delay-ms: %d}
                route: always
                batch: {size: 1, window: 10ms}
                retry: {attempts: 1}
        """
            .formatted(httpPort, TOKEN, PROXY_NAME, dynamoPort, ledger, poisonSwitch, delayMs));
    this.worker = Worker.start(WorkerConfig.load(config));
    this.dynamo =
        DynamoDbClient.builder()
            .endpointOverride(URI.create("http://127.0.0.1:" + dynamoPort))
            .region(Region.US_EAST_1)
            .credentialsProvider(
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
            .httpClient(UrlConnectionHttpClient.create())
            .build();
  }

  String base() {
    return "http://127.0.0.1:" + httpPort + "/console";
  }

  /** Writes an order through the DynamoDB endpoint, as an application would. */
  void put(String customerId, String status) {
    dynamo.putItem(
        b ->
            b.tableName("Orders")
                .item(
                    Map.of(
                        "customerId",
                        AttributeValue.fromS(customerId),
                        "status",
                        AttributeValue.fromS(status))));
  }

  List<String> ledgerLines() throws IOException {
    return Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
  }

  HttpResponse<String> get(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base() + path))
                .timeout(Duration.ofSeconds(30))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    dynamo.close();
    worker.close();
  }
}
