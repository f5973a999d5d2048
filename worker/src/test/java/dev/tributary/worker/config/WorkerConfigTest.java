package dev.tributary.worker.config;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.EventName;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Images;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.ScalarAttributeType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerConfigTest {
  private static final Path BASE = Path.of("/srv/tributary");

  static WorkerConfig parse(String yaml, Map<String, String> env) {
    return WorkerConfig.parse(yaml, "tributary.yaml", BASE, env::get);
  }

  static ConfigException problems(String yaml) {
    try {
      parse(yaml, Map.of());
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  static final String ORDERS_YAML =
      """
      kafka:
        bootstrap-servers: broker-1:9092,broker-2:9092
        client:
          security.protocol: SASL_SSL
          sasl.jaas.config: ${KAFKA_JAAS}
        partitions: 12
      pipelines:
        - name: orders
          sources: [Orders, Returns]
          filters:
            - event-name: [INSERT, MODIFY]
            - sort-key-begins-with: {attribute: orderDate, prefix: "2025-"}
            - any-of:
                - changed: status
                - new-image: {attribute: total, gt: 100}
            - not: ttl-expiries
          where: {attribute: status, in: [PENDING, SHIPPED]}
          project: [orderId, status, total, email]
          handlers:
            email:
              type: test-ledger
              config: {path: /tmp/mail.log}
              route: insert
              batch: {size: 10, window: 100ms}
              retry: {attempts: 3}
              isolate-failing-keys: true
              snapshot-events: false
            search:
              type: test-ledger
              config: {path: /tmp/search.log}
              retry: {attempts: 8, initial-backoff: 200ms, max-backoff: 10s, multiplier: 3, jitter: 0.5, max-event-age: 1h}
              bisect-on-failure: true
              dead-letter-topic: orders-search-dlq
            archive:
              type: test-ledger
              config: {path: /tmp/archive.log}
              route:
                transition: {attribute: status, from: PENDING, to: {S: SHIPPED}}
          routes:
            - when: upsert
              to: [search]
            - when: {old-image: {attribute: version, between: [1, {N: "9"}]}}
              to: search
      """;

  static Pipeline ordersInJava() {
    return Pipeline.builder("orders")
        .source("Orders", "Returns")
        .filter(Events.eventName(EventName.INSERT, EventName.MODIFY))
        .filter(Events.sortKeyBeginsWith("orderDate", "2025-"))
        .filter(Events.anyOf(Events.changed("status"), Events.newImage("total").gt(n(100))))
        .filter(Events.ttlExpiries().negate())
        .where(Images.attr("status").in(s("PENDING"), s("SHIPPED")))
        .project("orderId", "status", "total", "email")
        .route(
            "email",
            Routes.onInsert(),
            HandlerSpec.ofType("test-ledger", Map.of("path", "/tmp/mail.log"))
                .batching(Batching.of(10, Duration.ofMillis(100)))
                .retry(RetryPolicy.attempts(3))
                .isolateFailingKeys(true)
                .snapshotEvents(false))
        .handler(
            "search",
            HandlerSpec.ofType("test-ledger", Map.of("path", "/tmp/search.log"))
                .retry(
                    RetryPolicy.attempts(8)
                        .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(10), 3.0)
                        .withJitter(0.5)
                        .withMaxEventAge(Duration.ofHours(1)))
                .bisectOnFailure(true)
                .deadLetterTopic("orders-search-dlq"))
        .route(
            "archive",
            Events.transition("status", s("PENDING"), s("SHIPPED")),
            HandlerSpec.ofType("test-ledger", Map.of("path", "/tmp/archive.log")))
        .route(Routes.onUpsert(), "search")
        .route(Events.oldImage("version").between(n(1), n(9)), "search")
        .build();
  }

  @Test
  void shouldBuildTheSamePipelineAsTheJavaDsl() {
    WorkerConfig config = parse(ORDERS_YAML, Map.of("KAFKA_JAAS", "secret-jaas"));
    assertThat(config.pipelines()).hasSize(1);
    Pipeline yaml = config.pipelines().get(0);
    Pipeline java = ordersInJava();
    assertThat(yaml.describe()).isEqualTo(java.describe());
    assertThat(yaml.lanes())
        .extracting(
            l ->
                List.of(
                    l.handler(),
                    l.batching(),
                    l.retry(),
                    l.bisectOnFailure(),
                    l.deadLetterTopic(),
                    l.isolateFailingKeys()))
        .isEqualTo(
            java.lanes().stream()
                .map(
                    l ->
                        List.of(
                            l.handler(),
                            l.batching(),
                            l.retry(),
                            l.bisectOnFailure(),
                            l.deadLetterTopic(),
                            l.isolateFailingKeys()))
                .toList());
    assertThat(yaml.handlers().get("email").snapshotEvents()).contains(false);
    assertThat(yaml.describe()).contains("in [").contains("orders-search-dlq");
  }

  @Test
  void shouldReadKafkaWithSecretsFromTheEnvironment() {
    WorkerConfig config = parse(ORDERS_YAML, Map.of("KAFKA_JAAS", "secret-jaas"));
    assertThat(config.kafka().embedded()).isFalse();
    assertThat(config.kafka().bootstrapServers()).contains("broker-1:9092,broker-2:9092");
    assertThat(config.kafka().client())
        .containsEntry("sasl.jaas.config", "secret-jaas")
        .containsEntry("security.protocol", "SASL_SSL");
    assertThat(config.kafka().partitions()).isEqualTo(12);
    assertThat(config.kafka().toString()).doesNotContain("secret-jaas");
  }

  @Test
  void shouldNameAnUnsetEnvironmentVariableWithItsLine() {
    ConfigException e = problems(ORDERS_YAML);
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(5);
              assertThat(p.field()).isEqualTo("kafka.client.sasl.jaas.config");
              assertThat(p.message()).isEqualTo("environment variable KAFKA_JAAS is not set");
            });
    assertThat(e.getMessage())
        .isEqualTo(
            "tributary.yaml:5:5: kafka.client.sasl.jaas.config: environment variable KAFKA_JAAS is not set");
  }

  @Test
  void shouldUseDefaultsOfEnvironmentReferences() {
    WorkerConfig c =
        parse(
            """
        worker:
          http: {port: 9999}
          state-dir: ${STATE:-state/one}
        pipelines:
          - name: p
            sources: [T]
            handlers:
              h: {type: test-ledger, config: {path: "$${literal}"}, route: always}
        """,
            Map.of());
    assertThat(c.worker().stateDir()).isEqualTo(BASE.resolve("state/one"));
    assertThat(c.worker().httpPort()).isEqualTo(9999);
    assertThat(c.kafka().embedded()).isTrue();
    assertThat(c.kafka().embeddedDataDir()).contains(BASE.resolve("data/kafka"));
    assertThat(c.pipelines().get(0).handlers().get("h").description())
        .isEqualTo("type 'test-ledger'");
  }

  @Test
  void shouldReadTheConsoleTokenFromTheEnvironmentAndNeverPrintIt() {
    String yaml =
        """
        worker:
          console: {token: "${CONSOLE_TOKEN}"}
        pipelines:
          - name: p
            sources: [T]
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """;
    WorkerConfig c = parse(yaml, Map.of("CONSOLE_TOKEN", "s3cret-console-token"));
    assertThat(c.worker().consoleToken()).contains("s3cret-console-token");
    assertThat(c.worker().consoleEnabled()).isTrue();
    assertThat(
            parse(yaml.replace("{token: \"${CONSOLE_TOKEN}\"}", "{enabled: false}"), Map.of())
                .worker()
                .consoleEnabled())
        .isFalse();
    assertThat(c.worker().toString())
        .doesNotContain("s3cret")
        .contains("consoleToken=Optional[***]");
    assertThat(
            parse(
                    yaml.replace("  console: {token: \"${CONSOLE_TOKEN}\"}\n", "  id: w1\n"),
                    Map.of())
                .worker()
                .consoleToken())
        .isEmpty();
    assertThat(problems(yaml.replace("${CONSOLE_TOKEN}", "short")).getMessage())
        .contains("worker.console.token: must be at least 16 characters");
    assertThat(problems(yaml.replace("token:", "tokn:")).getMessage())
        .contains("worker.console")
        .contains("tokn");
  }

  @Test
  void shouldReadTheConsolesAllowedHostsAndRejectWhatIsNotAName() {
    String yaml =
        """
        worker:
          console:
            allowed-hosts: [Console.Example.com, .corp.example]
        pipelines:
          - name: p
            sources: [T]
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """;
    assertThat(parse(yaml, Map.of()).worker().consoleAllowedHosts())
        .containsExactly("console.example.com", ".corp.example");
    assertThat(
            parse(yaml.replace("[Console.Example.com, .corp.example]", "'*'"), Map.of())
                .worker()
                .consoleAllowedHosts())
        .containsExactly("*");
    assertThat(
            parse(
                    yaml.replace(
                        "    allowed-hosts: [Console.Example.com, .corp.example]\n",
                        "    enabled: true\n"),
                    Map.of())
                .worker()
                .consoleAllowedHosts())
        .isEmpty();
    assertThat(
            problems(yaml.replace(".corp.example]", "'https://console.example.com:8443']"))
                .getMessage())
        .contains(
            "worker.console.allowed-hosts[1]: 'https://console.example.com:8443' is not a host name");
    assertThat(problems(yaml.replace(".corp.example]", "'*']")).getMessage())
        .contains("worker.console.allowed-hosts")
        .contains("stands alone");
  }

  @Test
  void shouldNeedTheTokenWhenReadsNeedIt() {
    String yaml =
        """
        worker:
          console: {token-for-reads: true, token: "0123456789abcdef"}
        pipelines:
          - name: p
            sources: [T]
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """;
    assertThat(parse(yaml, Map.of()).worker().consoleTokenForReads()).isTrue();
    assertThat(
            parse(yaml.replace("token-for-reads: true, ", ""), Map.of())
                .worker()
                .consoleTokenForReads())
        .isFalse();
    assertThat(problems(yaml.replace(", token: \"0123456789abcdef\"", "")).getMessage())
        .contains("worker.console.token-for-reads: needs worker.console.token");
  }

  @Test
  void shouldReportEveryProblemWithItsFileLineAndField() {
    ConfigException e =
        problems(
            """
        worker:
          shutdown-timeout: soon
        kafka:
          partitons: 8
        pipelines:
          - name: orders
            sources: [Orders]
            filters:
              - event-name: [INSERT, CREATE]
              - new-image: {attribute: total, gt: 100, lt: 5}
            handlers:
              email:
                type: test-ledger
                config: {path: /tmp/x, colour: blue}
                route: insert
                batch: {size: 0}
              index:
                type: nosuch
                route: always
              lost:
                type: test-ledger
                config: {path: /tmp/y}
        """);
    assertThat(e.problems())
        .extracting(p -> p.line() + " " + p.field())
        .containsExactly(
            "2 worker.shutdown-timeout",
            "4 kafka.partitons",
            "9 pipelines[0].filters[0].event-name[1]",
            "10 pipelines[0].filters[1].new-image",
            "14 pipelines[0].handlers.email.config.colour",
            "16 pipelines[0].handlers.email.batch.size",
            "18 pipelines[0].handlers.index.type");
    assertThat(e.problems().get(0).message()).contains("not a duration");
    assertThat(e.problems().get(1).message()).contains("unknown key").contains("partitions");
    assertThat(e.problems().get(2).message()).contains("INSERT, MODIFY, REMOVE").contains("CREATE");
    assertThat(e.problems().get(3).message()).contains("exactly one condition");
    assertThat(e.problems().get(4).message()).contains("unknown key 'colour'");
    assertThat(e.problems().get(5).message()).isEqualTo("must be 1-10000, was 0");
    assertThat(e.problems().get(6).message())
        .contains("'nosuch'")
        .contains("email")
        .contains("test-ledger");
    assertThat(e.getMessage())
        .startsWith("7 problems: tributary.yaml:2:3: worker.shutdown-timeout: ")
        .doesNotContain("\n");
  }

  @Test
  void shouldReportWhatBuildFindsAtThePipeline() {
    ConfigException e =
        problems(
            """
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              lost: {type: test-ledger, config: {path: /tmp/y}}
            routes:
              - when: insert
                to: [ghost]
        """);
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.field()).isEqualTo("pipelines[0]");
              assertThat(p.message())
                  .contains("handler 'lost' has no route")
                  .contains("'ghost', which is not defined");
            });
  }

  @Test
  void shouldReportBadYamlAndAMissingFile() {
    assertThat(problems("pipelines: [\n  - name: x\n").getMessage())
        .isEqualTo(
            "tributary.yaml:2:3: not valid YAML: "
                + "expected the node content, but found '-' (while parsing a flow node at line 2, column 3)");
    // The parser's message spans five lines: one line with the problem's own line and column.
    ConfigException flow = problems("kafka:\n  embedded: {port: 9092\npipelines: []\n");
    assertThat(flow.getMessage())
        .doesNotContain("\n")
        .isEqualTo(
            "tributary.yaml:3:10: not valid YAML: "
                + "expected ',' or '}', but got : (while parsing a flow mapping at line 2, column 13)");
    assertThatThrownBy(() -> WorkerConfig.load(Path.of("no/such/tributary.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "no/such/tributary.yaml: cannot be read: no such file (looked for "
                + Path.of("no/such/tributary.yaml").toAbsolutePath()
                + ")");
  }

  @Test
  void shouldReportAnUnsetVariableOnceWhereItsEmptyValueWouldBeWrongToo() {
    ConfigException e =
        problems(
            """
        kafka:
          embedded: {port: "${NO_SUCH_PORT}"}
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              mail:
                type: email
                route: always
                config:
                  smtp: {host: "${NO_SUCH_HOST}"}
                  from: a@example.com
                  to: b@example.com
                  subject: s
                  body: b
        """);
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .containsExactly(
            "tributary.yaml:2:14: kafka.embedded.port: environment variable NO_SUCH_PORT is not set",
            "tributary.yaml:11:18: pipelines[0].handlers.mail.config.smtp.host: environment variable NO_SUCH_HOST is not set");
  }

  @Test
  void shouldPointABadKeyInAHandlersConfigAtItsOwnLine() {
    String yaml =
        """
        kafka: {bootstrap-servers: "b:9092"}
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              mail:
                type: email
                route: always
                config:
                  smtp:
                    host: relay
                    port: 99999
                  from: a@example.com
                  to: b@example.com
                  %s: s
                  body: b
        """;
    assertThat(problems(yaml.formatted("subjekt")).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(15);
              assertThat(p.field()).isEqualTo("pipelines[0].handlers.mail.config.subjekt");
              assertThat(p.message()).contains("unknown configuration key [subjekt]");
            });
    assertThat(problems(yaml.formatted("subject")).problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(12);
              assertThat(p.field()).isEqualTo("pipelines[0].handlers.mail.config.smtp.port");
              assertThat(p.message()).contains("'smtp.port'");
            });
  }

  @Test
  void shouldResolveHandlerPathsAgainstTheFilesDirectoryAndCreateNoFileWhileReading(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("tributary.yaml");
    Files.writeString(
        file,
        """
        kafka: {bootstrap-servers: "b:9092"}
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              mail:
                type: email
                route: always
                config:
                  smtp: {host: relay}
                  from: a@example.com
                  to: b@example.com
                  subject: s
                  body: b
                  ledger: {path: mail/sent.ledger}
        """);
    WorkerConfig c = WorkerConfig.load(file);
    try (Stream<Path> files = Files.walk(dir)) {
      assertThat(files)
          .containsExactlyInAnyOrder(dir, file); // reading checked the handler, wrote nothing
    }
    try (ChangeHandler mail = c.pipelines().get(0).handlers().get("mail").factory().get()) {
      assertThat(dir.resolve("mail/sent.ledger")).exists(); // not ./mail/sent.ledger
    }
  }

  @Test
  void shouldReadEngineAndSources() {
    WorkerConfig c =
        parse(
            """
        engine:
          embedded:
            data-dir: /var/engine
            sync: false
            endpoint:
              port: 8000
              credentials: ["AKID:${ENGINE_SECRET}"]
        sources:
          - type: engine-relay
            id: main
          - type: dynamodb-streams
            id: aws-orders
            region: eu-west-1
            tables: [Orders]
            poll-interval: 1s
          - type: debezium-postgres
            id: pg
            host: db
            user: cdc
            password: "${PG_PASSWORD}"
            database: shop
            tables: [public.orders, public.customers]
            heartbeat-interval: 5s
            heartbeat-action-query: "UPDATE heartbeat SET at = now()"
            change-topic-partitions: 4
            properties: {snapshot.fetch.size: 500}
        pipelines:
          - name: p
            source: Orders
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """,
            Map.of("ENGINE_SECRET", "s3cret", "PG_PASSWORD", "pw"));
    assertThat(c.engine().mode()).isEqualTo(EngineSettings.Mode.EMBEDDED);
    assertThat(c.engine().dataDir()).contains(Path.of("/var/engine"));
    assertThat(c.engine().syncWrites()).isFalse();
    assertThat(c.engine().endpoint().orElseThrow().credentials())
        .containsExactly(new Credentials("AKID", "s3cret"));
    assertThat(c.sources()).hasSize(3);
    assertThat(c.sources().get(0))
        .isEqualTo(new SourceSettings.EngineRelay("main", Optional.empty()));
    SourceSettings.DynamoDbStreams streams = (SourceSettings.DynamoDbStreams) c.sources().get(1);
    assertThat(streams.region()).isEqualTo("eu-west-1");
    assertThat(streams.tables()).containsExactly("Orders");
    assertThat(streams.pollInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(c.sources().get(2))
        .isEqualTo(
            new SourceSettings.Debezium(
                "debezium-postgres",
                "pg",
                "db",
                Optional.empty(),
                "cdc",
                "pw",
                "shop",
                Set.of("public.orders", "public.customers"),
                true,
                Optional.of(Duration.ofSeconds(5)),
                Optional.of("UPDATE heartbeat SET at = now()"),
                Optional.of(4),
                Map.of("snapshot.fetch.size", "500")));
    assertThat(c.sources().get(2).toString()).doesNotContain("pw");
  }

  @Test
  void shouldNameEachProblemOfADebeziumSource() {
    ConfigException e =
        problems(
            """
        sources:
          - type: debezium-mysql
            host: db
            port: 70000
            database: shop
            tables: [orders]
            initial-snapshot: maybe
            slot: x
        pipelines:
          - name: p
            source: shop.orders
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """);
    assertThat(e.problems())
        .extracting(ConfigProblem::field)
        .containsExactlyInAnyOrder(
            "sources[0].slot",
            "sources[0].port",
            "sources[0].user",
            "sources[0].password",
            "sources[0].tables[0]",
            "sources[0].initial-snapshot");
  }

  @Test
  void shouldRejectAnEngineRelayWithoutAnEmbeddedEngine() {
    ConfigException e =
        problems(
            """
        sources:
          - type: engine-relay
          - type: kinesis
        pipelines:
          - name: p
            source: Orders
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """);
    assertThat(e.problems())
        .extracting(ConfigProblem::message)
        .satisfiesExactly(
            m -> assertThat(m).contains("needs 'engine.embedded'"),
            m -> assertThat(m).contains("unknown source type 'kinesis'"));
  }

  @Test
  void shouldReadTheTablesTheEngineMustHave() {
    WorkerConfig c =
        parse(
            """
        engine:
          embedded:
            tables:
              - name: Orders
                partition-key: customerId
                sort-key: {name: orderDate, type: S}
                global-secondary-indexes:
                  - {name: OrderStatusIndex, partition-key: status, sort-key: orderDate}
              - name: Counters
                partition-key: {name: id, type: N}
                stream: NONE
        pipelines:
          - name: p
            source: Orders
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """,
            Map.of());
    assertThat(c.engine().tables()).hasSize(2);
    var orders = c.engine().tables().get(0);
    assertThat(orders.tableName()).isEqualTo("Orders");
    assertThat(orders.keySchema())
        .containsExactly(KeySchemaElement.hash("customerId"), KeySchemaElement.range("orderDate"));
    assertThat(orders.globalSecondaryIndexes())
        .singleElement()
        .satisfies(
            g ->
                assertThat(g.keySchema())
                    .containsExactly(
                        KeySchemaElement.hash("status"), KeySchemaElement.range("orderDate")));
    assertThat(orders.streamSpecification())
        .hasValueSatisfying(s -> assertThat(s.streamEnabled()).isTrue());
    var counters = c.engine().tables().get(1);
    assertThat(counters.attributeDefinitions())
        .singleElement()
        .satisfies(a -> assertThat(a.attributeType()).isEqualTo(ScalarAttributeType.N));
    assertThat(counters.streamSpecification().map(s -> s.streamEnabled()).orElse(false)).isFalse();
  }

  @Test
  void shouldNameEachProblemOfATableDeclarationWithItsLine() {
    ConfigException e =
        problems(
            """
        engine:
          embedded:
            tables:
              - name: Orders
                partition-key: {name: customerId, type: X}
                stream: SOMETIMES
              - sort-key: orderDate
        pipelines:
          - name: p
            source: Orders
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """);
    assertThat(e.problems())
        .extracting(ConfigProblem::toString)
        .satisfiesExactlyInAnyOrder(
            m ->
                assertThat(m)
                    .startsWith("tributary.yaml:5:")
                    .contains("type")
                    .contains("must be one of [S, N, B], was 'X'"),
            m ->
                assertThat(m)
                    .startsWith("tributary.yaml:6:")
                    .contains("stream")
                    .contains("SOMETIMES"),
            m -> assertThat(m).startsWith("tributary.yaml:7:").contains("name: is required"),
            m ->
                assertThat(m)
                    .startsWith("tributary.yaml:7:")
                    .contains("partition-key: is required"));
  }

  @Test
  void theOrderStreamExampleShouldLoadWithItsDefaults() {
    Path example = Path.of("..", "examples", "order-stream", "tributary.yaml");
    WorkerConfig c = WorkerConfig.load(example, name -> null);
    assertThat(c.pipelines())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.handlers().keySet()).containsExactly("email", "search", "archive");
              assertThat(p.handlers().values())
                  .extracting(h -> h.type().orElseThrow())
                  .containsExactly("email", "search", "archive");
            });
    assertThat(c.engine().endpoint().orElseThrow().credentials())
        .containsExactly(new Credentials("AKIDLOCAL", "localsecret"));
    assertThat(c.kafka().reachableBootstrapServers()).contains("127.0.0.1:9092");
  }
}
