package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalSmtp;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;

/**
 * Issue 18's acceptance: the packaged worker ({@code java -jar tributary-cli.jar}) with the engine,
 * the engine-relay, a search handler on a real OpenSearch and an email handler with its ledger, is
 * killed with SIGKILL at random moments while clients make conditional puts, updates and deletes
 * over the DynamoDB endpoint, and restarted with the same configuration and id. At the end every
 * lane has no lag, every document equals its item's final state (deleted items absent) and every
 * INSERT was mailed under exactly one Message-ID. Then the same with two worker processes on one
 * broker, killing one at a time. Prints the recovery time after each kill: restart to the search
 * lane's first commit in the new process.
 */
@Tag("slow")
class WorkerCrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int KEYS = 200;
  private static final int WRITERS = 3;
  private static final int KILLS = 5;

  /** Under target (not a temporary directory) so the worker logs outlive a failed run. */
  private Path dir;

  private final List<Process> processes = new ArrayList<>();
  private final Random random = new Random(18);
  private final List<Long> recoveriesMs = new ArrayList<>();
  private String index;

  @BeforeEach
  void directory() throws IOException {
    dir =
        Files.createDirectories(
                Path.of(System.getProperty("basedir", "."), "target", "worker-crash-it"))
            .resolve(Long.toHexString(System.nanoTime()));
    Files.createDirectories(dir);
    // A killed worker resets its SMTP connection, and GreenMail's connection thread then throws:
    // expected here, not a failure of whatever the test is waiting for.
    Awaitility.doNotCatchUncaughtExceptionsByDefault();
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void oneWorkerKilledFiveTimesCatchesUpExactly() throws Exception {
    LocalOpenSearch search = LocalOpenSearch.shared();
    try (LocalSmtp smtp = LocalSmtp.builder().start()) {
      Node w =
          node(
              "w",
              true,
              "embedded: {data-dir: \""
                  + dir.resolve("kafka")
                  + "\", port: "
                  + WorkerIT.freePort()
                  + "}",
              search,
              smtp);
      w.start();
      w.awaitReady();
      createTable(w.enginePort);
      Writers writers = new Writers(w.enginePort);
      writers.start();
      for (int k = 0; k < KILLS; k++) {
        Thread.sleep(2_000 + random.nextInt(6_000));
        w.kill();
        w.start();
        w.awaitFirstCommit();
      }
      Thread.sleep(2_000);
      writers.stop();
      verify(List.of(w), writers, search, smtp);
    }
    report("one worker");
  }

  @Test
  void twoWorkersKilledOneAtATimeCatchUpExactly() throws Exception {
    LocalOpenSearch search = LocalOpenSearch.shared();
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        LocalSmtp smtp = LocalSmtp.builder().start()) {
      String external = "bootstrap-servers: " + kafka.bootstrapServers();
      Node a = node("a", true, external, search, smtp);
      Node b = node("b", false, external, search, smtp);
      a.start();
      b.start();
      a.awaitReady();
      b.awaitReady();
      createTable(a.enginePort);
      Writers writers = new Writers(a.enginePort);
      writers.start();
      for (int k = 0; k < KILLS; k++) {
        Node victim = k % 2 == 0 ? b : a;
        Thread.sleep(2_000 + random.nextInt(6_000));
        victim.kill();
        victim.start();
        victim.awaitFirstCommit();
      }
      Thread.sleep(2_000);
      writers.stop();
      verify(List.of(a, b), writers, search, smtp);
    }
    report("two workers");
  }

  private void report(String what) {
    List<Long> sorted = new ArrayList<>(recoveriesMs);
    Collections.sort(sorted);
    System.out.printf(
        "WorkerCrashIT %s: recovery after kill (restart to first search commit) ms %s, median %d, worst %d%n",
        what, recoveriesMs, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1));
  }

  private void verify(List<Node> nodes, Writers writers, LocalOpenSearch search, LocalSmtp smtp)
      throws Exception {
    Node engine = nodes.get(0);
    Map<String, Map<String, AttributeValue>> items = new TreeMap<>();
    try (DynamoDbClient dynamo = dynamo(engine.enginePort)) {
      dynamo
          .scanPaginator(s -> s.tableName("Orders").consistentRead(true))
          .items()
          .forEach(i -> items.put(i.get("customerId").s() + "#" + i.get("orderDate").s(), i));
    }
    await()
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              for (Node n : nodes) {
                assertThat(n.process.isAlive()).as("%s alive; %s", n.name, n.tail()).isTrue();
              }
              noLag(engine);
              Map<String, JsonNode> docs = documents(search.url());
              assertThat(docs.keySet())
                  .as("documents are exactly the live items")
                  .isEqualTo(items.keySet());
              for (var e : items.entrySet()) {
                JsonNode d = docs.get(e.getKey());
                assertThat(d.path("rev").asText())
                    .as(e.getKey())
                    .isEqualTo(e.getValue().get("rev").n());
                assertThat(d.path("status").asText())
                    .as(e.getKey())
                    .isEqualTo(e.getValue().get("status").s());
                assertThat(d.path("orderId").asText())
                    .as(e.getKey())
                    .isEqualTo(e.getValue().get("orderId").s());
              }
            });
    // Receivers dedup on Message-ID (<eventID@tributary>): a copy under the same Message-ID is the
    // one window a mail relay cannot close (killed after the relay took the mail, before the
    // ledger recorded it), at most once per kill; two Message-IDs for one order would be a bug.
    Map<String, Set<String>> idsByOrder = new TreeMap<>();
    int copies = 0;
    for (MimeMessage m : smtp.messages()) {
      String order = m.getSubject().replace("Order ", "").replace(" received", "");
      if (!idsByOrder.computeIfAbsent(order, k -> new HashSet<>()).add(m.getMessageID())) {
        copies++;
      }
    }
    List<String> mailed = new ArrayList<>(idsByOrder.keySet());
    idsByOrder.forEach(
        (order, ids) -> assertThat(ids).as("Message-IDs of order %s", order).hasSize(1));
    assertThat(copies)
        .as("copies under one Message-ID (at most one per kill)")
        .isLessThanOrEqualTo(KILLS);
    assertThat(new HashSet<>(mailed))
        .as("every confirmed INSERT mailed")
        .containsAll(writers.inserted);
    Set<String> possible = new HashSet<>(writers.inserted);
    possible.addAll(writers.maybeInserted);
    assertThat(possible).as("nothing mailed that was not inserted").containsAll(mailed);
    System.out.printf(
        "WorkerCrashIT: %d writes (%d inserts, %d uncertain), %d live items, %d orders mailed, %d copies under the same Message-ID%n",
        writers.writes.get(),
        writers.inserted.size(),
        writers.maybeInserted.size(),
        items.size(),
        mailed.size(),
        copies);
  }

  /** {@code tributary lanes --json} (its Kafka from the configuration): every row at its end. */
  private void noLag(Node n) throws Exception {
    Path out = Files.createTempFile(dir, "lanes", ".json");
    Process p =
        n.cli("lanes", "--config", n.config.toString(), "--json")
            .redirectOutput(out.toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD)
            .start();
    processes.add(p);
    assertThat(p.waitFor(2, TimeUnit.MINUTES)).isTrue();
    assertThat(p.exitValue()).isZero();
    JsonNode rows = JSON.readTree(Files.readString(out));
    assertThat(rows.size()).isEqualTo(3); // the topology and two lanes
    for (JsonNode row : rows) {
      assertThat(row.get("lagEvents").asLong()).as(row.toString()).isZero();
    }
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
            HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search?size=10000")).build(),
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

  private Node node(
      String name, boolean engine, String kafka, LocalOpenSearch search, LocalSmtp smtp)
      throws Exception {
    if (index == null) {
      index = "crash-orders-" + Long.toHexString(System.nanoTime());
    }
    Node n = new Node(name, WorkerIT.freePort(), engine ? WorkerIT.freePort() : -1);
    String engineAndSources =
        engine
            ? """
        engine:
          embedded:
            data-dir: "%s"
            endpoint: {port: %d, credentials: ["AKIDLOCAL:localsecret"]}
        sources:
          - type: engine-relay
            id: main
        """
                .formatted(dir.resolve(name + "-engine"), n.enginePort)
            : "";
    Files.writeString(
        n.config,
        """
        worker:
          id: %s
          state-dir: "%s"
          http: {host: 127.0.0.1, port: %d}
          lag-interval: 1s
          static-membership: true
        kafka:
          %s
          partitions: 4
        %s
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              email:
                type: email
                route: insert
                config:
                  smtp: {host: "%s", port: %d}
                  from: orders@shop.example
                  to-attribute: email
                  subject: "Order {{newImage.orderId}} received"
                  body: "Thank you for your order {{newImage.orderId}}."
                  ledger: {path: "%s"}
                batch: {size: 10, window: 100ms}
                isolate-failing-keys: true
              search:
                type: search
                route: always
                config:
                  url: "%s"
                  index: {name: %s}
                  id: {template: "{customerId}#{orderDate}"}
                batch: {size: 500, window: 200ms}
                bisect-on-failure: true
        """
            .formatted(
                name,
                dir.resolve(name + "-state"),
                n.httpPort,
                kafka,
                engineAndSources,
                smtp.host(),
                smtp.port(),
                dir.resolve(name + "-sent.ledger"),
                search.url(),
                index));
    return n;
  }

  private static void createTable(int port) {
    try (DynamoDbClient dynamo = dynamo(port)) {
      dynamo.createTable(
          t ->
              t.tableName("Orders")
                  .keySchema(
                      KeySchemaElement.builder()
                          .attributeName("customerId")
                          .keyType(KeyType.HASH)
                          .build(),
                      KeySchemaElement.builder()
                          .attributeName("orderDate")
                          .keyType(KeyType.RANGE)
                          .build())
                  .attributeDefinitions(
                      AttributeDefinition.builder()
                          .attributeName("customerId")
                          .attributeType(ScalarAttributeType.S)
                          .build(),
                      AttributeDefinition.builder()
                          .attributeName("orderDate")
                          .attributeType(ScalarAttributeType.S)
                          .build())
                  .billingMode("PAY_PER_REQUEST")
                  .streamSpecification(
                      s ->
                          s.streamEnabled(true).streamViewType(StreamViewType.NEW_AND_OLD_IMAGES)));
    }
  }

  private static DynamoDbClient dynamo(int port) {
    return DynamoDbClient.builder()
        .endpointOverride(URI.create("http://127.0.0.1:" + port))
        .region(Region.US_EAST_1)
        .credentialsProvider(
            StaticCredentialsProvider.create(
                AwsBasicCredentials.create("AKIDLOCAL", "localsecret")))
        .httpClient(
            UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(2))
                .socketTimeout(Duration.ofSeconds(10))
                .build())
        .overrideConfiguration(
            o -> o.retryStrategy(RetryMode.STANDARD).apiCallTimeout(Duration.ofSeconds(15)))
        .build();
  }

  /** One worker process: its configuration, ports, and the packaged jar it runs. */
  private final class Node {
    final String name;
    final int httpPort;
    final int enginePort;
    final Path config;
    Process process;
    long startedNanos;
    int starts;

    Node(String name, int httpPort, int enginePort) {
      this.name = name;
      this.httpPort = httpPort;
      this.enginePort = enginePort;
      this.config = dir.resolve(name + ".yaml");
    }

    ProcessBuilder cli(String... args) {
      Path jar = Path.of(System.getProperty("basedir", "."), "target", "tributary-cli.jar");
      List<String> command =
          new ArrayList<>(
              List.of(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-Xmx384m",
                  "-XX:+UseSerialGC",
                  "-jar",
                  jar.toString()));
      command.addAll(List.of(args));
      return new ProcessBuilder(command).directory(dir.toFile());
    }

    void start() throws Exception {
      starts++;
      startedNanos = System.nanoTime();
      process =
          cli("worker", "--config", config.toString())
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve(name + "-" + starts + ".log").toFile())
              .start();
      processes.add(process);
    }

    void kill() throws Exception {
      Process kill =
          new ProcessBuilder("kill", "-9", Long.toString(process.pid())).inheritIO().start();
      assertThat(kill.waitFor(10, TimeUnit.SECONDS)).isTrue();
      assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }

    String tail() throws Exception {
      List<String> lines = Files.readAllLines(dir.resolve(name + "-" + starts + ".log"));
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }

    void awaitReady() {
      await()
          .atMost(Duration.ofMinutes(3))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(ConnectException.class)
          .untilAsserted(
              () -> {
                assertThat(process.isAlive()).as("%s alive; %s", name, tail()).isTrue();
                assertThat(WorkerIT.get(httpPort, "/health/ready").statusCode()).isEqualTo(200);
              });
    }

    /** Waits for this process's first commit on the search lane; records the time since start. */
    void awaitFirstCommit() {
      Pattern commits =
          Pattern.compile(
              "tributary_runner_commits_total\\{[^}]*handler=\"search\"[^}]*} ([0-9.E]+)");
      await()
          .atMost(Duration.ofMinutes(4))
          .pollInterval(Duration.ofMillis(200))
          .ignoreExceptionsInstanceOf(IOException.class)
          .untilAsserted(
              () -> {
                assertThat(process.isAlive()).as("%s alive; %s", name, tail()).isTrue();
                Matcher m = commits.matcher(WorkerIT.get(httpPort, "/metrics").body());
                assertThat(m.find() && Double.parseDouble(m.group(1)) > 0)
                    .as("a search commit")
                    .isTrue();
              });
      recoveriesMs.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos));
    }
  }

  /**
   * Clients making conditional writes on their own keys; they keep going while the worker is down.
   */
  private static final class Writers {
    final int port;
    final AtomicBoolean stop = new AtomicBoolean();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong orders = new AtomicLong();
    final Set<String> inserted = ConcurrentHashMap.newKeySet();
    final Set<String> maybeInserted = ConcurrentHashMap.newKeySet();
    final List<Thread> threads = new ArrayList<>();

    Writers(int port) {
      this.port = port;
    }

    void start() {
      for (int t = 0; t < WRITERS; t++) {
        int first = t;
        Thread th = new Thread(() -> run(first), "writer-" + t);
        threads.add(th);
        th.start();
      }
    }

    void stop() throws InterruptedException {
      stop.set(true);
      for (Thread t : threads) {
        t.join(60_000);
      }
    }

    private void run(int first) {
      Random r = new Random(first);
      try (DynamoDbClient dynamo = dynamo(port)) {
        while (!stop.get()) {
          int k = first + WRITERS * r.nextInt(KEYS / WRITERS);
          Map<String, AttributeValue> key =
              Map.of(
                  "customerId",
                  AttributeValue.fromS("C-" + k),
                  "orderDate",
                  AttributeValue.fromS("2025-01-01"));
          int op = r.nextInt(10);
          String orderId = "O-" + k + "-" + orders.incrementAndGet();
          try {
            if (op < 4) {
              Map<String, AttributeValue> item = new HashMap<>(key);
              item.put("orderId", AttributeValue.fromS(orderId));
              item.put("email", AttributeValue.fromS("c" + k + "@shop.example"));
              item.put("status", AttributeValue.fromS("PENDING"));
              item.put("rev", AttributeValue.fromN("0"));
              dynamo.putItem(
                  p ->
                      p.tableName("Orders")
                          .item(item)
                          .conditionExpression("attribute_not_exists(customerId)"));
              inserted.add(orderId);
            } else if (op < 8) {
              dynamo.updateItem(
                  u ->
                      u.tableName("Orders")
                          .key(key)
                          .updateExpression("SET #s = :s, rev = rev + :one")
                          .conditionExpression("attribute_exists(customerId)")
                          .expressionAttributeNames(Map.of("#s", "status"))
                          .expressionAttributeValues(
                              Map.of(
                                  ":s",
                                  AttributeValue.fromS("S" + r.nextInt(5)),
                                  ":one",
                                  AttributeValue.fromN("1"))));
            } else {
              dynamo.deleteItem(
                  d ->
                      d.tableName("Orders")
                          .key(key)
                          .conditionExpression("attribute_exists(customerId)"));
            }
            writes.incrementAndGet();
          } catch (ConditionalCheckFailedException e) {
            // the key was not in the state this write needed: a conditional write that did nothing
          } catch (RuntimeException e) {
            if (op < 4) {
              maybeInserted.add(
                  orderId); // the worker died around it: it may or may not have been done
            }
            sleep(200);
          }
          sleep(5);
        }
      }
    }

    private static void sleep(long ms) {
      try {
        Thread.sleep(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
