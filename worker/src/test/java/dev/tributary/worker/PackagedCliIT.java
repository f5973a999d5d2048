package dev.tributary.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.local.LocalSmtp;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line as a user runs it: {@code java -jar target/tributary-cli.jar}, a child process
 * with nothing of the test class path. Failsafe runs this after {@code package} built the shaded
 * jar, so a library missing from the jar (as S3Proxy once was) fails here, not on a user's machine.
 */
class PackagedCliIT {
  private static final Path JAR = Path.of("target", "tributary-cli.jar").toAbsolutePath();
  private static final Duration QUICK = Duration.ofSeconds(60);

  @TempDir Path dir;
  private final List<Process> processes = new ArrayList<>();

  @BeforeAll
  static void jarIsBuilt() {
    assertThat(JAR).as("the shaded command line (mvn package builds it)").isRegularFile();
  }

  @AfterEach
  void killLeftovers() {
    processes.forEach(Process::destroyForcibly);
  }

  @Test
  void shouldPrintItsVersionAndTheHelpOfEverySubcommand() throws Exception {
    Run version = run(QUICK, Map.of(), "--version");
    assertThat(version.exit()).as(version.toString()).isZero();
    assertThat(version.out().strip()).matches("tributary \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");

    List<List<String>> commands = new ArrayList<>();
    collect(TributaryCli.commandLine(), new ArrayList<>(), commands);
    assertThat(commands)
        .extracting(c -> String.join(" ", c))
        .contains(
            "demo", "engine", "worker", "tail", "lanes", "dlq", "dlq list", "replay", "backfill");
    for (List<String> command : commands) {
      List<String> args = new ArrayList<>(command);
      args.add("--help");
      Run help = run(QUICK, Map.of(), args.toArray(String[]::new));
      assertThat(help.exit()).as(help.toString()).isZero();
      assertThat(help.out())
          .as(String.join(" ", args))
          .contains("Usage: tributary " + String.join(" ", command));
      assertThat(help.err()).as("stderr of " + args).isEmpty();
    }
  }

  private static void collect(CommandLine cli, List<String> path, List<List<String>> into) {
    cli.getSubcommands()
        .forEach(
            (name, sub) -> {
              if (!sub.getCommandName().equals(name) || "help".equals(name)) {
                return; // an alias, or picocli's own help command
              }
              List<String> here = new ArrayList<>(path);
              here.add(name);
              into.add(here);
              collect(sub, here, into);
            });
  }

  @Test
  void shouldRunTheDemoToItsTally() throws Exception {
    Run demo =
        run(
            Duration.ofMinutes(5),
            Map.of(),
            "demo",
            "--orders",
            "1",
            "--interval-ms",
            "100",
            "--data-dir",
            dir.resolve("demo").toString());
    assertThat(demo.exit()).as(demo.toString()).isZero();
    assertThat(demo.out())
        .as(demo.toString())
        .containsPattern(
            "(?m)^Done: 5 writes -> 2 mails, 1 document, 1 archived object, as process_order_stream says\\.$")
        .containsPattern("(?m)^ *console +http://127\\.0\\.0\\.1:\\d+/console/ \\(the web console")
        .contains("Stopped.");
  }

  @Test
  void shouldServeDynamoDbToTheAwsCli() throws Exception {
    int port = WorkerIT.freePort();
    Process engine =
        start(
            dir.resolve("engine.log"),
            Map.of(),
            "engine",
            "--port",
            Integer.toString(port),
            "--data-dir",
            dir.resolve("engine").toString(),
            "--credentials",
            "AKIDPACKAGED:packaged-secret");
    await()
        .atMost(QUICK)
        .until(
            () ->
                !engine.isAlive()
                    || Files.readString(dir.resolve("engine.log")).contains("listening on"));
    assertThat(engine.isAlive()).as(Files.readString(dir.resolve("engine.log"))).isTrue();

    Map<String, String> aws =
        Map.of(
            "AWS_ACCESS_KEY_ID",
            "AKIDPACKAGED",
            "AWS_SECRET_ACCESS_KEY",
            "packaged-secret",
            "AWS_DEFAULT_REGION",
            "us-east-1",
            "AWS_PAGER",
            "");
    String endpoint = "http://127.0.0.1:" + port;
    Run create =
        aws(
            aws,
            "create-table",
            "--table-name",
            "Orders",
            "--attribute-definitions",
            "AttributeName=customerId,AttributeType=S",
            "AttributeName=orderDate,AttributeType=S",
            "--key-schema",
            "AttributeName=customerId,KeyType=HASH",
            "AttributeName=orderDate,KeyType=RANGE",
            "--billing-mode",
            "PAY_PER_REQUEST",
            "--endpoint-url",
            endpoint);
    assertThat(create.exit()).as(create.toString()).isZero();
    Run put =
        aws(
            aws,
            "put-item",
            "--table-name",
            "Orders",
            "--endpoint-url",
            endpoint,
            "--item",
            "{\"customerId\":{\"S\":\"CUST-123\"},\"orderDate\":{\"S\":\"2025-01-15\"},\"total\":{\"N\":\"299.99\"}}");
    assertThat(put.exit()).as(put.toString()).isZero();
    Run query =
        aws(
            aws,
            "query",
            "--table-name",
            "Orders",
            "--endpoint-url",
            endpoint,
            "--output",
            "json",
            "--key-condition-expression",
            "customerId = :c",
            "--expression-attribute-values",
            "{\":c\":{\"S\":\"CUST-123\"}}");
    assertThat(query.exit()).as(query.toString()).isZero();
    JsonNode result = new ObjectMapper().readTree(query.out());
    assertThat(result.path("Count").asInt()).isEqualTo(1);
    assertThat(result.path("Items").get(0).path("total").path("N").asText()).isEqualTo("299.99");

    engine.destroy(); // SIGTERM: in-flight requests finish, the engine closes
    assertThat(engine.waitFor(60, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void shouldCheckTheExampleConfiguration() throws Exception {
    Path config =
        Path.of("..", "examples", "order-stream", "tributary.yaml").toAbsolutePath().normalize();
    Run check = run(QUICK, Map.of(), "worker", "--config", config.toString(), "--check");
    assertThat(check.exit()).as(check.toString()).isZero();
    assertThat(check.out()).contains(": OK, 1 pipeline(s)").contains("orders");
  }

  @Test
  void shouldCheckAConfigurationWhoseHandlerClassComesFromTheUsersJar() throws Exception {
    Path jar = HandlerJars.build(dir.resolve("build"), dir.resolve("my-handler.jar"));
    Path config = dir.resolve("custom.yaml");
    Files.writeString(
        config,
        """
        kafka:
          embedded: {data-dir: kafka}
        engine:
          embedded: {data-dir: engine}
        sources:
          - type: engine-relay
            id: main
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              mine: {class: com.example.MyHandler, route: insert}
              copy: {type: file, config: {path: out/events.jsonl}, route: insert}
        """);
    Run without = run(QUICK, Map.of(), "worker", "--config", config.toString(), "--check");
    assertThat(without.exit()).as(without.toString()).isEqualTo(2);
    assertThat(without.err()).contains("com.example.MyHandler").contains("--classpath");
    Run with =
        run(
            QUICK,
            Map.of(),
            "worker",
            "--classpath",
            jar.toString(),
            "--config",
            config.toString(),
            "--check");
    assertThat(with.exit()).as(with.toString()).isZero();
    assertThat(with.out()).contains(": OK, 1 pipeline(s)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  @Test
  void shouldRunAWorkerThatMailsEachNewItemAndStopsCleanlyOnSigterm() throws Exception {
    try (LocalSmtp smtp = LocalSmtp.builder().start()) {
      int kafkaPort = WorkerIT.freePort();
      int enginePort = WorkerIT.freePort();
      int httpPort = WorkerIT.freePort();
      Path config = dir.resolve("tributary.yaml");
      Files.writeString(
          config,
          """
          worker:
            id: packaged-1
            state-dir: state
            http: {host: 127.0.0.1, port: %d}
            shutdown-timeout: 60s
          kafka:
            embedded: {data-dir: kafka, port: %d}
            partitions: 2
          engine:
            embedded:
              data-dir: engine
              endpoint: {port: %d, credentials: ["AKIDPACKAGED:packaged-secret"]}
          sources:
            - type: engine-relay
              id: main
          pipelines:
            - name: orders
              sources: [Orders]
              handlers:
                email:
                  type: email
                  route: insert
                  config:
                    smtp: {host: 127.0.0.1, port: %d}
                    from: orders@shop.example
                    to-attribute: email
                    subject: "Order {{newImage.orderId}} received"
                    body: "Thank you for order {{newImage.orderId}}."
                    ledger: {path: email.ledger}
                  batch: {size: 10, window: 50ms}
          """
              .formatted(httpPort, kafkaPort, enginePort, smtp.port()));
      Path log = dir.resolve("worker.log");
      Process worker = start(log, Map.of(), "worker", "--config", config.toString());
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(500))
          .ignoreExceptionsInstanceOf(ConnectException.class)
          .untilAsserted(
              () -> {
                assertThat(worker.isAlive()).as(Files.readString(log)).isTrue();
                assertThat(WorkerIT.get(httpPort, "/health/ready").statusCode()).isEqualTo(200);
              });

      Map<String, String> aws =
          Map.of(
              "AWS_ACCESS_KEY_ID",
              "AKIDPACKAGED",
              "AWS_SECRET_ACCESS_KEY",
              "packaged-secret",
              "AWS_DEFAULT_REGION",
              "us-east-1",
              "AWS_PAGER",
              "");
      String endpoint = "http://127.0.0.1:" + enginePort;
      Run create =
          aws(
              aws,
              "create-table",
              "--table-name",
              "Orders",
              "--attribute-definitions",
              "AttributeName=customerId,AttributeType=S",
              "AttributeName=orderDate,AttributeType=S",
              "--key-schema",
              "AttributeName=customerId,KeyType=HASH",
              "AttributeName=orderDate,KeyType=RANGE",
              "--billing-mode",
              "PAY_PER_REQUEST",
              "--stream-specification",
              "StreamEnabled=true,StreamViewType=NEW_AND_OLD_IMAGES",
              "--endpoint-url",
              endpoint);
      assertThat(create.exit()).as(create.toString()).isZero();
      Run put =
          aws(
              aws,
              "put-item",
              "--table-name",
              "Orders",
              "--endpoint-url",
              endpoint,
              "--item",
              "{\"customerId\":{\"S\":\"CUST-123\"},\"orderDate\":{\"S\":\"2025-01-15\"},"
                  + "\"orderId\":{\"S\":\"ORD-456\"},\"email\":{\"S\":\"alice@example.com\"}}");
      assertThat(put.exit()).as(put.toString()).isZero();

      await()
          .atMost(Duration.ofMinutes(2))
          .untilAsserted(() -> assertThat(smtp.messages()).as(Files.readString(log)).hasSize(1));
      MimeMessage mail = smtp.messages().get(0);
      assertThat(mail.getSubject()).isEqualTo("Order ORD-456 received");
      assertThat(mail.getAllRecipients()[0].toString()).isEqualTo("alice@example.com");

      worker.destroy(); // SIGTERM
      assertThat(worker.waitFor(90, TimeUnit.SECONDS))
          .as("stopped; " + Files.readString(log))
          .isTrue();
      assertThat(worker.exitValue()).as(Files.readString(log)).isZero();
      assertThat(Files.readString(log)).contains("Worker stopped in");
    }
  }

  private Run aws(Map<String, String> env, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("aws", "dynamodb"));
    command.addAll(List.of(args));
    return exec(command, env, QUICK);
  }

  private Run run(Duration timeout, Map<String, String> env, String... args) throws Exception {
    return exec(javaJar(args), env, timeout);
  }

  private Process start(Path log, Map<String, String> env, String... args) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(javaJar(args)).directory(dir.toFile());
    pb.environment().putAll(env);
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process p = pb.start();
    processes.add(p);
    return p;
  }

  private static List<String> javaJar(String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-jar",
                JAR.toString()));
    command.addAll(List.of(args));
    return command;
  }

  private Run exec(List<String> command, Map<String, String> env, Duration timeout)
      throws Exception {
    Path out = Files.createTempFile(dir, "out", ".txt");
    Path err = Files.createTempFile(dir, "err", ".txt");
    ProcessBuilder pb =
        new ProcessBuilder(command)
            .directory(dir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    pb.environment().putAll(env);
    Process p = pb.start();
    processes.add(p);
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          command
              + " did not finish within "
              + timeout
              + ": "
              + Files.readString(out)
              + Files.readString(err));
    }
    return new Run(
        String.join(" ", command), p.exitValue(), Files.readString(out), Files.readString(err));
  }

  private record Run(String command, int exit, String out, String err) {
    @Override
    public String toString() {
      return command + " -> exit " + exit + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
