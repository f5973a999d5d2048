package dev.tributary.worker.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.WorkerConfig;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The tables a configuration declares, against a real engine in a temporary directory. */
class DeclaredTablesIT {
  @TempDir Path dir;

  private static WorkerConfig config(String tables) {
    return WorkerConfig.parse(
        """
        engine:
          embedded:
            tables:
        %s
        pipelines:
          - name: orders
            sources: [Orders, Payments, Audit]
            handlers:
              h: {type: test-ledger, config: {path: /tmp/x}, route: always}
        """
            .formatted(tables.indent(6)),
        "tributary.yaml",
        Path.of("/srv"),
        name -> null);
  }

  @Test
  void shouldCreateMissingTablesOnceAndRefuseAnotherKeySchema() {
    WorkerConfig c =
        config(
            """
        - name: Orders
          partition-key: customerId
          sort-key: orderDate
          global-secondary-indexes:
            - {name: OrderStatusIndex, partition-key: status, sort-key: orderDate}
        """);
    try (TributaryEngine engine = TributaryEngine.open(EngineOptions.builder(dir).build())) {
      DeclaredTables.ensure(engine, c.engine().tables(), c.file());
      var orders = engine.describeTable("Orders");
      assertThat(orders.globalSecondaryIndexes())
          .singleElement()
          .satisfies(g -> assertThat(g.indexName()).isEqualTo("OrderStatusIndex"));
      assertThat(orders.streamSpecification())
          .hasValueSatisfying(s -> assertThat(s.streamEnabled()).isTrue());

      DeclaredTables.ensure(engine, c.engine().tables(), c.file()); // a restart: nothing to do
      assertThat(engine.listTables().tableNames()).containsExactly("Orders");

      WorkerConfig other =
          config(
              """
          - name: Orders
            partition-key: orderId
          """);
      assertThatThrownBy(() -> DeclaredTables.ensure(engine, other.engine().tables(), other.file()))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "tributary.yaml: engine.embedded.tables: table Orders exists with key schema"
                  + " [customerId HASH, orderDate RANGE], not the declared [orderId HASH]; change the declaration"
                  + " (an existing table is never altered)");
    }
  }

  @Test
  void shouldWarnAboutAPipelineWhoseTableIsMissingOrHasNoStream() {
    Logger logger = (Logger) LoggerFactory.getLogger(DeclaredTables.class);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.start();
    logger.addAppender(seen);
    try (TributaryEngine engine = TributaryEngine.open(EngineOptions.builder(dir).build())) {
      engine.createTable(
          CreateTableRequest.builder("Orders").partitionKey("id", ScalarAttributeType.S).stream(
                  StreamViewType.NEW_AND_OLD_IMAGES)
              .build());
      engine.createTable(
          CreateTableRequest.builder("Payments").partitionKey("id", ScalarAttributeType.S).build());
      List<Pipeline> pipelines = config("[]").pipelines();
      DeclaredTables.warnAboutSources(engine, pipelines);
    } finally {
      logger.detachAppender(seen);
    }
    assertThat(seen.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .satisfiesExactly(
            m ->
                assertThat(m)
                    .startsWith("Pipeline orders reads table Payments, whose stream is off"),
            m ->
                assertThat(m)
                    .startsWith(
                        "Pipeline orders reads table Audit, which the embedded engine does not have"));
  }
}
