package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalS3;
import dev.tributary.local.LocalSmtp;
import java.io.ByteArrayInputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Issue 7's acceptance, with the built CLI as separate processes: the worker runs the order-stream
 * example's configuration (embedded Kafka and engine, the engine's DynamoDB endpoint) against
 * GreenMail, S3Proxy and OpenSearch; orders written with the AWS SDK are mailed, indexed and
 * archived; SIGTERM stops it with exit 0 and no lag; after a restart, {@code tributary replay} of
 * the search handler re-delivers its events (the index ends equal) while the mail and archive
 * handlers see nothing new.
 */
class EndToEndIT {
  static final String BUCKET = "order-archive";
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();
  private final Map<String, String> env = new HashMap<>();
  private int httpPort;
  private int enginePort;
  private Path config;
  private String index;

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void workerShouldDeliverStopCleanlyAndReplayOneHandlerOnly() throws Exception {
    LocalOpenSearch search = LocalOpenSearch.shared();
    try (LocalSmtp smtp = LocalSmtp.builder().start();
        LocalS3 s3 = LocalS3.builder().inMemory().start()) {
      s3.createBucket(BUCKET);
      env.put("SMTP_HOST", smtp.host());
      env.put("SMTP_PORT", Integer.toString(smtp.port()));
      env.put("OPENSEARCH_URL", search.url());
      env.put("S3_ENDPOINT", s3.endpoint());
      env.put("S3_ACCESS_KEY", s3.accessKey());
      env.put("S3_SECRET_KEY", s3.secretKey());
      writeConfig();

      Process worker = startWorker("first");
      try (DynamoDbClient dynamo = dynamo()) {
        // The configuration declares Orders (engine.embedded.tables): the worker created it.
        var orders = dynamo.describeTable(d -> d.tableName("Orders")).table();
        assertThat(orders.keySchema())
            .extracting(KeySchemaElement::attributeName)
            .containsExactly("customerId", "orderDate");
        assertThat(orders.streamSpecification().streamViewType())
            .isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        assertThat(orders.globalSecondaryIndexes())
            .extracting(g -> g.indexName())
            .containsExactly("OrderStatusIndex");
        for (int i = 1; i <= 3; i++) {
          Map<String, AttributeValue> item = order(i);
          dynamo.putItem(p -> p.tableName("Orders").item(item));
        }
        dynamo.updateItem(
            u ->
                u.tableName("Orders")
                    .key(key(2))
                    .updateExpression("SET #s = :s")
                    .expressionAttributeNames(Map.of("#s", "status"))
                    .expressionAttributeValues(Map.of(":s", AttributeValue.fromS("SHIPPED"))));
        dynamo.deleteItem(d -> d.tableName("Orders").key(key(3)));
      }

      // mail on INSERT, the index follows every change, the archive keeps the REMOVE
      smtp.awaitMessages(3, Duration.ofMinutes(2));
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofSeconds(1))
          .untilAsserted(
              () ->
                  assertThat(documents(search.url()).keySet())
                      .containsExactlyInAnyOrder("C-1#2025-01-01", "C-2#2025-01-02"));
      assertThat(documents(search.url()).get("C-2#2025-01-02").path("status").asText())
          .isEqualTo("SHIPPED");
      try (S3Client client = s3Client(s3)) {
        await().atMost(Duration.ofMinutes(1)).until(() -> !archived(client).isEmpty());
        assertThat(String.join("\n", archived(client).values())).contains("REMOVE").contains("C-3");
      }
      await()
          .atMost(Duration.ofMinutes(1))
          .pollInterval(Duration.ofSeconds(2))
          .untilAsserted(this::noLag);
      assertThat(smtp.messages()).hasSize(3);

      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(90, TimeUnit.SECONDS)).as("worker stopped").isTrue();
      assertThat(worker.exitValue()).as("exit code; log " + dir.resolve("first.log")).isZero();

      Map<String, JsonNode> indexed = documents(search.url());
      Map<String, String> archive;
      try (S3Client client = s3Client(s3)) {
        archive = archived(client);
      }

      Process again = startWorker("second");
      noLag(); // nothing was left behind for the restart
      Instant historyStart = Instant.now().minus(Duration.ofHours(1));
      Cli replay =
          cli(
              "replay",
              "--config",
              config.toString(),
              "--pipeline",
              "orders",
              "--handler",
              "search",
              "--from",
              historyStart.toString());
      assertThat(replay.code()).as(replay.err()).isZero();
      assertThat(replay.err())
          .contains("Replayed orders/search from the lane: read 5, delivered 5,")
          .contains("dead-lettered 0");

      Thread.sleep(3000); // room for anything a replay could wrongly have set off elsewhere
      assertThat(smtp.messages()).as("the email handler saw nothing new").hasSize(3);
      try (S3Client client = s3Client(s3)) {
        assertThat(archived(client)).as("the archive handler saw nothing new").isEqualTo(archive);
      }
      assertThat(documents(search.url()))
          .as("idempotent: the index equals a first run's")
          .isEqualTo(indexed);
      noLag();
      assertThat(again.isAlive()).isTrue();
      again.destroy();
      assertThat(again.waitFor(90, TimeUnit.SECONDS)).isTrue();
      assertThat(again.exitValue()).as("exit code; log " + dir.resolve("second.log")).isZero();
    }
  }

  /** The order-stream example's configuration, on free ports and this test's services. */
  private void writeConfig() throws Exception {
    Path example =
        Path.of(
            System.getProperty("basedir", "."), "..", "examples", "order-stream", "tributary.yaml");
    String text = Files.readString(example);
    httpPort = WorkerIT.freePort();
    enginePort = WorkerIT.freePort();
    index = "e2e-orders-" + Long.toHexString(System.nanoTime());
    String edited =
        text.replace("http: {port: 9464}", "http: {host: 127.0.0.1, port: " + httpPort + "}")
            .replace("port: 9092}", "port: " + WorkerIT.freePort() + "}")
            .replace("port: 8000", "port: " + enginePort)
            .replace(
                "path: data/email/sent.ledger",
                "path: \"" + dir.resolve("data/email/sent.ledger") + "\"")
            .replace("index: {name: orders}", "index: {name: " + index + "}");
    assertThat(edited)
        .doesNotContain("port: 9464")
        .doesNotContain("port: 9092")
        .doesNotContain("port: 8000")
        .doesNotContain("{path: data/")
        .contains(index);
    config = dir.resolve("tributary.yaml");
    Files.writeString(config, edited);
  }

  private Process startWorker(String name) throws Exception {
    Process p =
        process(List.of("worker", "--config", config.toString()))
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve(name + ".log").toFile())
            .start();
    processes.add(p);
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(1))
        .ignoreExceptionsInstanceOf(ConnectException.class)
        .untilAsserted(
            () -> {
              if (!p.isAlive()) {
                throw new IllegalStateException(
                    "the worker died: " + Files.readString(dir.resolve(name + ".log")));
              }
              assertThat(WorkerIT.get(httpPort, "/health/ready").statusCode()).isEqualTo(200);
            });
    return p;
  }

  private ProcessBuilder process(List<String> args) {
    String classpath =
        System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-cp",
                classpath,
                TributaryCli.class.getName()));
    command.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    return pb;
  }

  record Cli(int code, String out, String err) {}

  private Cli cli(String... args) throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    Process p =
        process(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    processes.add(p);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).as(String.join(" ", args)).isTrue();
    return new Cli(p.exitValue(), Files.readString(out), Files.readString(err));
  }

  /** {@code tributary lanes --json}: the topology and every lane are at their ends. */
  private void noLag() throws Exception {
    Cli lanes = cli("lanes", "--config", config.toString(), "--json");
    assertThat(lanes.code()).as(lanes.err()).isZero();
    JsonNode rows = JSON.readTree(lanes.out());
    assertThat(rows).hasSize(4); // the topology and three lanes
    for (JsonNode row : rows) {
      assertThat(row.get("lagEvents").asLong()).as(row.toString()).isZero();
    }
  }

  private DynamoDbClient dynamo() {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + enginePort))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLOCAL", "localsecret")))
        .httpClient(UrlConnectionHttpClient.create())
        .build();
  }

  private static Map<String, AttributeValue> key(int i) {
    return Map.of(
        "customerId",
        AttributeValue.fromS("C-" + i),
        "orderDate",
        AttributeValue.fromS("2025-01-0" + i));
  }

  private static Map<String, AttributeValue> order(int i) {
    Map<String, AttributeValue> item = new HashMap<>(key(i));
    item.put("orderId", AttributeValue.fromS("O-" + i));
    item.put("email", AttributeValue.fromS("customer" + i + "@shop.example"));
    item.put("status", AttributeValue.fromS("PENDING"));
    item.put("total", AttributeValue.fromN(Integer.toString(10 * i)));
    item.put(
        "items",
        AttributeValue.fromL(
            List.of(
                AttributeValue.fromM(
                    Map.of(
                        "sku",
                        AttributeValue.fromS("SKU-" + i),
                        "quantity",
                        AttributeValue.fromN("1"),
                        "price",
                        AttributeValue.fromN(Integer.toString(10 * i)))))));
    return item;
  }

  private static S3Client s3Client(LocalS3 s3) {
    return S3Settings.builder()
        .endpoint(s3.endpoint())
        .pathStyle(true)
        .region(LocalS3.REGION)
        .credentials(s3.accessKey(), s3.secretKey())
        .build()
        .client();
  }

  /** Every archived object, key to content (gunzipped). */
  private static Map<String, String> archived(S3Client client) throws Exception {
    Map<String, String> out = new TreeMap<>();
    for (var o : client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
      byte[] bytes = client.getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key())).asByteArray();
      if (bytes.length > 1 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b) {
        bytes = new GZIPInputStream(new ByteArrayInputStream(bytes)).readAllBytes();
      }
      out.put(o.key(), new String(bytes, StandardCharsets.UTF_8));
    }
    return out;
  }

  private Map<String, JsonNode> documents(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    http.send(
        HttpRequest.newBuilder(URI.create(url + "/" + index + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search?size=1000")).build(),
            HttpResponse.BodyHandlers.ofString());
    Map<String, JsonNode> out = new TreeMap<>();
    if (r.statusCode() == 404) {
      return out;
    }
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    for (JsonNode hit : JSON.readTree(r.body()).path("hits").path("hits")) {
      out.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return out;
  }
}
