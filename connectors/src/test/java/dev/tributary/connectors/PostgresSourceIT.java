package dev.tributary.connectors;

import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
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
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.local.LocalPostgres;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

/** Postgres (Debian's package, wal_level=logical) through Debezium into change topics. */
@ExtendWith(LocalDatabases.class)
class PostgresSourceIT {
  private static final Duration WAIT = Duration.ofMinutes(2);
  private static EmbeddedKafka kafka;

  @BeforeAll
  static void startBroker() {
    kafka = SharedKafka.get();
  }

  static DebeziumSource.Builder source(LocalPostgres pg, String id, String db) {
    return DebeziumSource.postgres(Map.of("bootstrap.servers", kafka.bootstrapServers()))
        .sourceId(id)
        .connection(pg.host(), pg.port(), pg.user(), pg.password())
        .database(db)
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
  void shouldPublishSnapshotInsertsUpdatesKeyChangesDeletesAndTransactionsInOrder(LocalPostgres pg)
      throws Exception {
    pg.createDatabase("pg_changes");
    ListAppender<ILoggingEvent> warnings = new ListAppender<>();
    warnings.start();
    ((Logger) LoggerFactory.getLogger(OldImageChecks.class)).addAppender(warnings);
    try (Connection c = pg.connect("pg_changes")) {
      sql(
          c,
          "CREATE TABLE orders (id int PRIMARY KEY, customer text NOT NULL, total numeric(12,2))",
          "ALTER TABLE orders REPLICA IDENTITY FULL",
          "CREATE TABLE notes (id int PRIMARY KEY, body text)",
          "INSERT INTO orders VALUES (1, 'ann', 10.50)");
      try (DebeziumSource source =
          source(pg, "pg-changes", "pg_changes")
              .tables("public.orders", "public.notes")
              .build()
              .start()) {
        String topic = Topics.changeTopic("public.orders");
        SourceTopics.awaitRecords(
            kafka.bootstrapServers(), topic, r -> r.size() >= 1, WAIT, source);
        sql(
            c,
            "INSERT INTO orders VALUES (2, 'bob', 20)",
            "UPDATE orders SET total = 21.25 WHERE id = 2",
            "UPDATE orders SET id = 3 WHERE id = 2",
            "DELETE FROM orders WHERE id = 3",
            "INSERT INTO notes VALUES (1, 'n')",
            "UPDATE notes SET body = 'm' WHERE id = 1");
        c.setAutoCommit(false);
        sql(
            c,
            "INSERT INTO orders VALUES (4, 'cid', 1)",
            "INSERT INTO orders VALUES (5, 'dan', 2)",
            "UPDATE orders SET customer = 'ANN' WHERE id = 1");
        c.commit();
        c.setAutoCommit(true);
        List<Read> reads =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(), topic, r -> r.size() >= 9, WAIT, source);
        assertThat(reads).hasSize(9);
        List<ChangeEvent> e = reads.stream().map(Read::event).toList();
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
        // the snapshot row, the update with both images, the key change, the delete's old image
        assertThat(e.get(0).dynamodb().newImage()).contains(row(1, "ann", "10.5"));
        assertThat(e.get(2).dynamodb().oldImage()).contains(row(2, "bob", "20"));
        assertThat(e.get(2).dynamodb().newImage()).contains(row(2, "bob", "21.25"));
        assertThat(e.get(3).dynamodb().oldImage()).contains(row(2, "bob", "21.25"));
        assertThat(e.get(3).dynamodb().newImage()).isEmpty();
        assertThat(e.get(4).dynamodb().newImage()).contains(row(3, "bob", "21.25"));
        assertThat(e.get(5).dynamodb().oldImage()).contains(row(3, "bob", "21.25"));
        assertThat(e.get(8).dynamodb().oldImage()).contains(row(1, "ann", "10.5"));
        assertThat(e.get(8).dynamodb().newImage()).contains(row(1, "ANN", "10.5"));
        for (ChangeEvent x : e) {
          assertThat(x.eventSource()).isEqualTo("tributary:postgres");
          assertThat(x.eventSourceArn())
              .isEqualTo("arn:tributary:postgres:::db/pg_changes/schema/public/table/orders");
          assertThat(x.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
          assertThat(x.dynamodb().sizeBytes()).isPositive();
        }
        // sequences grow in log order (after the snapshot), and ids are unique
        List<String> seqs =
            e.subList(1, e.size()).stream().map(x -> x.dynamodb().sequenceNumber()).toList();
        assertThat(seqs).isSorted().doesNotHaveDuplicates();
        assertThat(e.stream().map(ChangeEvent::eventId).collect(Collectors.toSet())).hasSize(9);
        assertThat(reads)
            .allSatisfy(
                r -> assertThat(r.headers()).containsEntry("tributary.table", "public.orders"));
        assertThat(reads.get(0).key()).isEqualTo("{\"N\":\"1\"}");

        // notes is not REPLICA IDENTITY FULL: MODIFY has no OldImage, and a WARN says how to fix it
        List<Read> notes =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(),
                Topics.changeTopic("public.notes"),
                r -> r.size() >= 2,
                WAIT,
                source);
        assertThat(notes.get(1).event().dynamodb().oldImage()).isEmpty();
        assertThat(warnings.list)
            .extracting(ILoggingEvent::getFormattedMessage)
            .anySatisfy(
                m ->
                    assertThat(m)
                        .contains("public.notes")
                        .contains("ALTER TABLE public.notes REPLICA IDENTITY FULL"))
            .noneSatisfy(m -> assertThat(m).contains("public.orders"));
      }
    } finally {
      ((Logger) LoggerFactory.getLogger(OldImageChecks.class)).detachAppender(warnings);
    }
  }

  @Test
  void shouldMapEveryColumnType(LocalPostgres pg) throws Exception {
    pg.createDatabase("pg_types");
    try (Connection c = pg.connect("pg_types")) {
      sql(
          c,
          "CREATE TYPE mood AS ENUM ('sad', 'happy')",
          "CREATE TABLE all_types (id bigint PRIMARY KEY, c_smallint smallint, c_int int, c_bigint bigint,"
              + " c_numeric numeric(20,6), c_numeric_free numeric, c_numeric_huge numeric, c_real real,"
              + " c_double double precision, c_nan double precision, c_bool boolean, c_text text,"
              + " c_varchar varchar(20), c_char char(3), c_date date, c_time time, c_timestamp timestamp(6),"
              + " c_timestamptz timestamptz, c_interval interval, c_json json, c_jsonb jsonb,"
              + " c_jsonb_array jsonb, c_jsonb_scalar jsonb, c_int_array int[], c_text_array text[],"
              + " c_bytea bytea, c_uuid uuid, c_enum mood, c_null text)",
          "INSERT INTO all_types VALUES (1, 32000, 2147483000, 9007199254740993, 12345678901234.123456,"
              + " 3.14159265358979323846264338327950288, 123456789012345678901234567890.123456789012,"
              + " 1.5, 2.25, 'NaN', true, 'héllo', 'v', 'ab', '2024-02-29', '13:45:30.123456',"
              + " '2024-02-29 13:45:30.123456', '2024-02-29 13:45:30.123456+02', '1 day 2 hours',"
              + " '{\"a\": 1, \"b\": [true, null, \"x\"]}', '{\"n\": 1.50, \"o\": {\"p\": \"q\"}}', '[1, \"two\"]',"
              + " '\"str\"', '{1,2,3}', '{\"a\",\"b\"}', '\\xdeadbeef', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11',"
              + " 'happy', NULL)");
      try (DebeziumSource source = source(pg, "pg-types", "pg_types").build().start()) {
        List<Read> reads =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(),
                Topics.changeTopic("public.all_types"),
                r -> r.size() >= 1,
                WAIT,
                source);
        Map<String, AttributeValue> img = reads.get(0).event().dynamodb().newImage().orElseThrow();
        assertThat(reads.get(0).event().dynamodb().keys()).isEqualTo(Map.of("id", n(1)));
        Map<String, AttributeValue> expected = new LinkedHashMap<>();
        expected.put("id", n(1));
        expected.put("c_smallint", n(32000));
        expected.put("c_int", n(2147483000));
        expected.put("c_bigint", n("9007199254740993"));
        expected.put("c_numeric", n("12345678901234.123456"));
        expected.put("c_numeric_free", n("3.14159265358979323846264338327950288"));
        expected.put("c_numeric_huge", s("123456789012345678901234567890.123456789012"));
        expected.put("c_real", n("1.5"));
        expected.put("c_double", n("2.25"));
        expected.put("c_nan", s("NaN"));
        expected.put("c_bool", bool(true));
        expected.put("c_text", s("héllo"));
        expected.put("c_varchar", s("v"));
        expected.put("c_char", s("ab "));
        expected.put("c_date", s("2024-02-29"));
        expected.put("c_time", s("13:45:30.123456"));
        expected.put("c_timestamp", s("2024-02-29T13:45:30.123456"));
        expected.put("c_timestamptz", s("2024-02-29T11:45:30.123456Z"));
        expected.put("c_interval", s("P0Y0M1DT2H0M0S"));
        expected.put("c_json", m(Map.of("a", n(1), "b", l(bool(true), nul(), s("x")))));
        expected.put("c_jsonb", m(Map.of("n", n("1.5"), "o", m(Map.of("p", s("q"))))));
        expected.put("c_jsonb_array", l(n(1), s("two")));
        expected.put("c_jsonb_scalar", s("str"));
        expected.put("c_int_array", l(n(1), n(2), n(3)));
        expected.put("c_text_array", l(s("a"), s("b")));
        expected.put(
            "c_bytea",
            AttributeValue.b(Bytes.of((byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef)));
        expected.put("c_uuid", s("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"));
        expected.put("c_enum", s("happy"));
        expected.put("c_null", nul());
        for (Map.Entry<String, AttributeValue> x : expected.entrySet()) {
          assertThat(img.get(x.getKey())).as(x.getKey()).isEqualTo(x.getValue());
        }
        assertThat(img.keySet()).containsExactlyElementsOf(expected.keySet());
      }
    }
  }

  @Test
  void shouldSnapshotTenThousandRowsThenStream(LocalPostgres pg) throws Exception {
    pg.createDatabase("pg_snapshot");
    try (Connection c = pg.connect("pg_snapshot")) {
      sql(
          c,
          "CREATE TABLE items (id int PRIMARY KEY, name text, price numeric(10,2))",
          "INSERT INTO items SELECT g, 'item-' || g, g / 100.0 FROM generate_series(1, 10000) g");
      long t0 = System.nanoTime();
      try (DebeziumSource source = source(pg, "pg-snapshot", "pg_snapshot").build().start()) {
        String topic = Topics.changeTopic("public.items");
        List<Read> reads =
            SourceTopics.awaitRecords(
                kafka.bootstrapServers(), topic, r -> r.size() >= 10_000, WAIT, source);
        System.out.printf(
            "10,000-row Postgres snapshot published in %d ms%n",
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

  private static Map<String, AttributeValue> key(int id) {
    return Map.of("id", n(id));
  }

  private static Map<String, AttributeValue> row(int id, String customer, String total) {
    return Map.of("id", n(id), "customer", s(customer), "total", n(total));
  }
}
