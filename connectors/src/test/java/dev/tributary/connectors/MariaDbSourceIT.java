package dev.tributary.connectors;

import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.nul;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tributary.connectors.ChangeTopicReader.Read;
import dev.tributary.connectors.internal.OldImageChecks;
import dev.tributary.connectors.servers.LocalDatabases;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.Bytes;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.local.LocalMariaDb;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/**
 * MariaDB (Debian's package, binlog in ROW format with full images) through Debezium into change
 * topics.
 */
@ExtendWith(LocalDatabases.class)
class MariaDbSourceIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.get();
  }

  static DebeziumSource.Builder source(LocalMariaDb db, String id, String database) {
    return DebeziumSource.mariadb(Map.of("bootstrap.servers", kafka.bootstrapServers()))
        .sourceId(id)
        .connection(db.host(), db.port(), db.user(), db.password())
        .database(database)
        .changeTopicPartitions(1)
        .heartbeatInterval(Duration.ofSeconds(1));
  }

  static void sql(Connection c, String... statements) throws SQLException {
    try (Statement s = c.createStatement()) {
      for (String st : statements) {
        s.execute(st);
      }
    }
  }

  @Test
  void shouldPublishSnapshotInsertsUpdatesKeyChangesDeletesAndTransactionsInOrder(LocalMariaDb db)
      throws Exception {
    db.createDatabase("maria_changes");
    try (Connection c = db.connect("maria_changes")) {
      sql(
          c,
          "CREATE TABLE orders (id INT PRIMARY KEY, customer VARCHAR(20) NOT NULL, total DECIMAL(12,2))",
          "INSERT INTO orders VALUES (1, 'ann', 10.50)");
      try (DebeziumSource source =
          source(db, "maria-changes", "maria_changes")
              .tables("maria_changes.orders")
              .build()
              .start()) {
        String topic = Topics.changeTopic("maria_changes.orders");
        SourceTopics.awaitRecords(
            kafka.bootstrapServers(), topic, r -> r.size() >= 1, WAIT, source);
        sql(
            c,
            "INSERT INTO orders VALUES (2, 'bob', 20)",
            "UPDATE orders SET total = 21.25 WHERE id = 2",
            "UPDATE orders SET id = 3 WHERE id = 2",
            "DELETE FROM orders WHERE id = 3");
        c.setAutoCommit(false);
        sql(
            c,
            "INSERT INTO orders VALUES (4, 'cid', 1), (5, 'dan', 2)",
            "UPDATE orders SET customer = 'ANN' WHERE id = 1");
        c.commit();
        c.setAutoCommit(true);
        List<Read> reads =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(), topic, r -> r.size() >= 9, WAIT, source);
        assertThat(reads).hasSize(9);
        List<ChangeEvent> e = reads.stream().map(Read::event).toList();
        e.forEach(
            x ->
                System.out.println(
                    x.eventName()
                        + " "
                        + x.dynamodb().keys()
                        + " "
                        + x.dynamodb().sequenceNumber()));
        assertThat(e)
            .extracting(ChangeEvent::eventName)
            .containsExactly(
                EventName.INSERT,
                EventName.INSERT,
                EventName.MODIFY,
                EventName.REMOVE,
                EventName.INSERT,
                EventName.REMOVE,
                EventName.INSERT,
                EventName.INSERT,
                EventName.MODIFY);
        assertThat(e)
            .extracting(ChangeEvent::snapshot)
            .containsExactly(true, false, false, false, false, false, false, false, false);
        assertThat(e)
            .extracting(x -> x.dynamodb().keys())
            .containsExactly(
                key(1), key(2), key(2), key(2), key(3), key(3), key(4), key(5), key(1));
        assertThat(e.get(0).dynamodb().newImage()).contains(row(1, "ann", "10.5"));
        assertThat(e.get(2).dynamodb().oldImage()).contains(row(2, "bob", "20"));
        assertThat(e.get(2).dynamodb().newImage()).contains(row(2, "bob", "21.25"));
        assertThat(e.get(3).dynamodb().oldImage()).contains(row(2, "bob", "21.25"));
        assertThat(e.get(4).dynamodb().newImage()).contains(row(3, "bob", "21.25"));
        assertThat(e.get(5).dynamodb().oldImage()).contains(row(3, "bob", "21.25"));
        assertThat(e.get(8).dynamodb().oldImage()).contains(row(1, "ann", "10.5"));
        assertThat(e.get(8).dynamodb().newImage()).contains(row(1, "ANN", "10.5"));
        for (ChangeEvent x : e) {
          assertThat(x.eventSource()).isEqualTo("tributary:mariadb");
          assertThat(x.eventSourceArn())
              .isEqualTo("arn:tributary:mariadb:::db/maria_changes/table/orders");
        }
        List<String> seqs =
            e.subList(1, e.size()).stream().map(x -> x.dynamodb().sequenceNumber()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(e.stream().map(ChangeEvent::eventId).collect(Collectors.toSet())).hasSize(9);
      }
    }
  }

  @Test
  void shouldMapEveryColumnType(LocalMariaDb db) throws Exception {
    db.createDatabase("maria_types");
    try (Connection c = db.connect("maria_types")) {
      sql(
          c,
          "CREATE TABLE all_types (id BIGINT PRIMARY KEY, c_tinyint TINYINT, c_smallint SMALLINT,"
              + " c_int INT, c_bigint BIGINT, c_ubigint BIGINT UNSIGNED, c_decimal DECIMAL(20,6),"
              + " c_float FLOAT, c_double DOUBLE, c_bit BIT(1), c_varchar VARCHAR(20), c_text TEXT,"
              + " c_char CHAR(3), c_date DATE, c_time TIME(6), c_datetime DATETIME(6),"
              + " c_timestamp TIMESTAMP(6) NULL, c_year YEAR, c_json JSON, c_blob BLOB,"
              + " c_varbinary VARBINARY(4), c_enum ENUM('sad','happy'), c_set SET('a','b','c'),"
              + " c_null VARCHAR(5))",
          "SET time_zone = '+00:00'",
          "INSERT INTO all_types VALUES (1, -7, 32000, 2147483000, 9007199254740993,"
              + " 18446744073709551615, 12345678901234.123456, 1.5, 2.25, b'1', 'héllo', 'text',"
              + " 'ab', '2024-02-29', '13:45:30.123456', '2024-02-29 13:45:30.123456',"
              + " '2024-02-29 13:45:30.123456', 2024, '{\"a\": 1}', x'DEADBEEF', x'CAFE', 'happy', 'a,c', NULL)");
      List<Read> reads;
      try (DebeziumSource source = source(db, "maria-types", "maria_types").build().start()) {
        reads =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(),
                Topics.changeTopic("maria_types.all_types"),
                r -> r.size() >= 1,
                WAIT,
                source);
      }
      assertThat(reads).hasSize(1);
      Map<String, AttributeValue> img = reads.get(0).event().dynamodb().newImage().orElseThrow();
      System.out.println(img);
      Map<String, AttributeValue> expected = new LinkedHashMap<>();
      expected.put("id", n(1));
      expected.put("c_tinyint", n(-7));
      expected.put("c_smallint", n(32000));
      expected.put("c_int", n(2147483000));
      expected.put("c_bigint", n("9007199254740993"));
      expected.put("c_ubigint", n("18446744073709551615"));
      expected.put("c_decimal", n("12345678901234.123456"));
      expected.put("c_float", n("1.5"));
      expected.put("c_double", n("2.25"));
      expected.put("c_bit", bool(true));
      expected.put("c_varchar", s("héllo"));
      expected.put("c_text", s("text"));
      expected.put("c_char", s("ab"));
      expected.put("c_date", s("2024-02-29"));
      expected.put("c_time", s("13:45:30.123456"));
      expected.put("c_datetime", s("2024-02-29T13:45:30.123456"));
      expected.put("c_timestamp", s("2024-02-29T13:45:30.123456Z"));
      expected.put("c_year", n(2024));
      expected.put("c_json", s("{\"a\": 1}"));
      expected.put(
          "c_blob", AttributeValue.b(Bytes.of((byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef)));
      expected.put("c_varbinary", AttributeValue.b(Bytes.of((byte) 0xca, (byte) 0xfe)));
      expected.put("c_enum", s("happy"));
      expected.put("c_set", AttributeValue.ss("a", "c"));
      expected.put("c_null", nul());
      for (Map.Entry<String, AttributeValue> x : expected.entrySet()) {
        assertThat(img.get(x.getKey())).as(x.getKey()).isEqualTo(x.getValue());
      }
      assertThat(img.keySet()).containsExactlyElementsOf(expected.keySet());
    }
  }

  @Test
  void shouldSnapshotTenThousandRowsThenStream(LocalMariaDb db) throws Exception {
    db.createDatabase("maria_snapshot");
    try (Connection c = db.connect("maria_snapshot")) {
      sql(
          c,
          "CREATE TABLE items (id INT PRIMARY KEY, name VARCHAR(20), price DECIMAL(10,2))",
          "INSERT INTO items SELECT seq, CONCAT('item-', seq), seq / 100 FROM seq_1_to_10000");
      long t0 = System.nanoTime();
      try (DebeziumSource source = source(db, "maria-snapshot", "maria_snapshot").build().start()) {
        String topic = Topics.changeTopic("maria_snapshot.items");
        List<Read> reads =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(), topic, r -> r.size() >= 10_000, WAIT, source);
        System.out.printf(
            "10,000-row MariaDB snapshot published in %d ms%n",
            (System.nanoTime() - t0) / 1_000_000);
        assertThat(reads)
            .hasSize(10_000)
            .allSatisfy(
                r -> {
                  assertThat(r.event().snapshot()).isTrue();
                  assertThat(r.event().eventName()).isEqualTo(EventName.INSERT);
                });
        Set<AttributeValue> ids = new HashSet<>();
        reads.forEach(r -> ids.add(r.event().dynamodb().keys().get("id")));
        assertThat(ids).hasSize(10_000);
        assertThat(reads.stream().map(r -> r.event().eventId()).distinct().count())
            .isEqualTo(10_000);
        Read r77 =
            reads.stream()
                .filter(r -> r.event().dynamodb().keys().get("id").equals(n(77)))
                .findFirst()
                .orElseThrow();
        assertThat(r77.event().dynamodb().newImage())
            .contains(Map.of("id", n(77), "name", s("item-77"), "price", n("0.77")));
        sql(c, "INSERT INTO items VALUES (10001, 'new', 1)");
        List<Read> after =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(), topic, r -> r.size() >= 10_001, WAIT, source);
        assertThat(after.get(10_000).event().snapshot()).isFalse();
        assertThat(after.get(10_000).event().dynamodb().keys()).isEqualTo(Map.of("id", n(10001)));
      }
    }
  }

  @Test
  void shouldWarnAndFailWhenTheBinlogDoesNotLogFullRows(LocalMariaDb db) throws Exception {
    db.createDatabase("maria_minimal");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    Logger checks = (Logger) LoggerFactory.getLogger(OldImageChecks.class);
    checks.addAppender(warnings);
    try (Connection c = db.connect("maria_minimal")) {
      sql(
          c,
          "CREATE TABLE t (id INT PRIMARY KEY, a INT, b INT)",
          "SET GLOBAL binlog_row_image = 'MINIMAL'");
      // Debezium's binlog connectors refuse to run without full row images: the source fails
      // with that message, after a WARN that says what to change
      try (DebeziumSource source = source(db, "maria-minimal", "maria_minimal").build().start()) {
        Awaitility.await().atMost(WAIT).until(() -> source.state() == ConnectorState.FAILED);
        assertThat(source.failure().orElseThrow().getMessage()).contains("binlog_row_image");
        assertThat(warnings.list)
            .extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(
                m ->
                    assertThat(m)
                        .contains("binlog_row_image=MINIMAL")
                        .contains("SET GLOBAL binlog_row_image=FULL"));
      }
    } finally {
      checks.detachAppender(warnings);
      try (Connection c = db.connect("")) {
        sql(c, "SET GLOBAL binlog_row_image = 'FULL'");
      }
    }
  }

  private static Map<String, AttributeValue> key(int id) {
    return Map.of("id", n(id));
  }

  private static Map<String, AttributeValue> row(int id, String customer, String total) {
    return Map.of("id", n(id), "customer", s(customer), "total", n(total));
  }
}
