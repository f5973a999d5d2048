package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.ExpressionParameters;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.GlobalSecondaryIndex;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.KeysAndAttributes;
import dev.tributary.engine.model.PageResponse;
import dev.tributary.engine.model.Projection;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.QueryRequest;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.TransactGet;
import dev.tributary.engine.model.TransactWriteItem;
import dev.tributary.engine.model.TransactWriteItemsRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteItemResponse;
import dev.tributary.engine.model.WriteRequest;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A seeded randomized test of the engine against a simple in-memory model: thousands of random
 * writes, reads, queries, scans, transactions and batches, every result compared with what the
 * model says DynamoDB would answer, and the change log compared with the model's expected INSERT /
 * MODIFY / REMOVE events (none for a write that leaves the item as it was).
 *
 * <p>Three fixed seeds and one random seed run every time; a failure names its seed, which can be
 * replayed with {@code -Dtributary.model.seed=<seed>}.
 */
class EngineModelIT {
  static final String TABLE = "Model";
  static final String GSI = "ByGroup";
  static final int OPERATIONS = Integer.getInteger("tributary.model.operations", 5_000);
  static final int LOG_CHECK_EVERY = 200;

  static final List<String> PARTITIONS = List.of("p0", "p1", "p2", "p3");

  /** 30 sort keys: negatives, fractions, integers, so the numeric key order is exercised. */
  static final List<BigDecimal> SORT_KEYS =
      Stream.of(
              "-1000",
              "-33.5",
              "-10",
              "-2.5",
              "-1",
              "-0.25",
              "-0.001",
              "0",
              "0.001",
              "0.25",
              "0.5",
              "1",
              "1.5",
              "2",
              "3",
              "5",
              "8",
              "9.99",
              "10",
              "10.5",
              "12",
              "20",
              "33",
              "99.99",
              "100",
              "101",
              "250",
              "1000",
              "1000.5",
              "123456789")
          .map(EngineModelIT::num)
          .toList();

  static final List<String> GROUPS = List.of("g0", "g1", "g2");
  static final List<String> STRINGS = List.of("x", "y", "z", "");

  @TempDir Path root;

  static Stream<Long> seeds() {
    Long fixed = Long.getLong("tributary.model.seed");
    if (fixed != null) {
      return Stream.of(fixed);
    }
    return Stream.of(1L, 42L, 20_261_124L, new Random().nextLong());
  }

  @ParameterizedTest(name = "seed={0}")
  @MethodSource("seeds")
  void engineAgreesWithModel(long seed) throws IOException {
    Run run = new Run(seed, Files.createDirectory(root.resolve("seed" + Long.toHexString(seed))));
    try {
      run.go();
    } finally {
      run.close();
    }
  }

  /**
   * Sequence numbers are never reused: not even after retention trimmed the whole log and the
   * engine was reopened (a reader that remembered the last sequence must not miss new changes).
   */
  @Test
  void sequenceNumbersAreNotReusedAfterTheLogWasTrimmedAndTheEngineReopened() throws IOException {
    MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    Path dir = Files.createDirectory(root.resolve("trim"));
    long last;
    try (TributaryEngine engine = open(dir, clock)) {
      createTable(engine);
      for (int i = 0; i < 5; i++) {
        engine.putItem(PutItemRequest.of(TABLE, item("p0", SORT_KEYS.get(i)).build()));
      }
      last = engine.changeStream(TABLE).latestSequence();
      assertThat(last).isEqualTo(5);
      clock.advance(Duration.ofDays(2));
      assertThat(engine.trimChangeLogs(Duration.ofDays(1))).isEqualTo(5);
      assertThat(engine.changeStream(TABLE).oldestSequence()).isEmpty();
    }
    try (TributaryEngine engine = open(dir, clock)) {
      assertThat(engine.changeStream(TABLE).latestSequence()).isEqualTo(last);
      engine.putItem(PutItemRequest.of(TABLE, item("p1", SORT_KEYS.get(0)).build()));
      List<ChangeEvent> after = engine.changeStream(TABLE).read(last, 10);
      assertThat(after).hasSize(1);
      assertThat(ChangeStream.sequenceOf(after.get(0))).isGreaterThan(last);
    }
  }

  // ---- the run ----------------------------------------------------------------------------

  /** One seeded run: an engine, the model, and the operations between them. */
  final class Run implements AutoCloseable {
    final long seed;
    final Random rnd;
    final Path dir;
    TributaryEngine engine;
    final TreeMap<K, Map<String, AttributeValue>> model = new TreeMap<>();
    final List<Ev> expectedEvents = new ArrayList<>();
    int eventsChecked;
    int tokens;
    long lastSequence;
    final Deque<String> recent = new ArrayDeque<>();
    final Map<String, Integer> counts = new TreeMap<>();
    String current = "";

    Run(long seed, Path dir) {
      this.seed = seed;
      this.rnd = new Random(seed);
      this.dir = dir;
    }

    void go() {
      long started = System.nanoTime();
      engine = open(dir, Clock.systemUTC());
      createTable(engine);
      int i = 0;
      try {
        for (i = 0; i < OPERATIONS; i++) {
          if (i == OPERATIONS / 2) {
            note("reopen");
            engine.close();
            engine = open(dir, Clock.systemUTC());
            checkEverything();
          }
          step();
          if ((i + 1) % LOG_CHECK_EVERY == 0) {
            checkChangeLog();
          }
        }
        note("final check");
        checkEverything();
      } catch (AssertionError | RuntimeException e) {
        throw new AssertionError(
            "seed="
                + seed
                + " (replay with -Dtributary.model.seed="
                + seed
                + "), operation #"
                + i
                + " "
                + current
                + "\nrecent operations:\n  "
                + String.join("\n  ", recent)
                + "\n"
                + e.getMessage(),
            e);
      }
      System.out.printf(
          "EngineModelIT seed=%d: %d operations, %d change events, %d items at the end, %d ms; %s%n",
          seed,
          OPERATIONS,
          expectedEvents.size(),
          model.size(),
          (System.nanoTime() - started) / 1_000_000,
          counts);
    }

    void note(String description) {
      current = description;
      recent.addLast(description);
      if (recent.size() > 12) {
        recent.removeFirst();
      }
    }

    void count(String what) {
      counts.merge(what, 1, Integer::sum);
    }

    void step() {
      int r = rnd.nextInt(100);
      if (r < 17) {
        put();
      } else if (r < 38) {
        update();
      } else if (r < 48) {
        delete();
      } else if (r < 54) {
        get();
      } else if (r < 57) {
        multiGet();
      } else if (r < 69) {
        queryTable();
      } else if (r < 77) {
        queryIndex();
      } else if (r < 81) {
        scan();
      } else if (r < 93) {
        transact();
      } else {
        batchWrite();
      }
    }

    @Override
    public void close() {
      if (engine != null) {
        engine.close();
      }
    }

    // ---- model state --------------------------------------------------------------------

    Map<String, AttributeValue> modelGet(K k) {
      return model.get(k);
    }

    /** Applies a write to the model, expecting a change event only if the item changed. */
    void modelWrite(K k, Map<String, AttributeValue> newItem) {
      Map<String, AttributeValue> old = model.get(k);
      if (Objects.equals(old, newItem)) {
        count("unchanged writes");
        return;
      }
      EventName name =
          old == null ? EventName.INSERT : newItem == null ? EventName.REMOVE : EventName.MODIFY;
      expectedEvents.add(new Ev(name, k.toKey(), old, newItem));
      if (newItem == null) {
        model.remove(k);
      } else {
        model.put(k, Map.copyOf(newItem));
      }
    }

    K randomKey() {
      return new K(pick(PARTITIONS), pick(SORT_KEYS));
    }

    <T> T pick(List<T> list) {
      return list.get(rnd.nextInt(list.size()));
    }

    /** A number's text, sometimes not in normal form ("1.50", "2.0", "1.5E0"). */
    AttributeValue numberValue(BigDecimal v) {
      String text = v.toPlainString();
      switch (rnd.nextInt(6)) {
        case 0:
          return n(text.contains(".") ? text + "00" : text + ".0");
        case 1:
          return n(v.scaleByPowerOfTen(-2).toPlainString() + "E2");
        default:
          return n(text);
      }
    }

    Map<String, AttributeValue> keyValue(K k) {
      Map<String, AttributeValue> key = new HashMap<>();
      key.put("pk", s(k.pk));
      key.put("sk", numberValue(k.sk));
      return key;
    }

    Map<String, AttributeValue> randomItem(K k) {
      Map<String, AttributeValue> item = keyValue(k);
      if (rnd.nextInt(10) < 7) {
        item.put("g", s(pick(GROUPS)));
      }
      if (rnd.nextInt(10) < 7) {
        item.put("n", numberValue(smallNumber()));
      }
      if (rnd.nextInt(10) < 6) {
        item.put("a", s(pick(STRINGS)));
      }
      if (rnd.nextInt(10) < 3) {
        item.put("ns", numberSet());
      }
      if (rnd.nextInt(10) < 2) {
        item.put("m", AttributeValue.m(Map.of("k", s(pick(STRINGS)), "v", n(rnd.nextInt(3)))));
      }
      return item;
    }

    BigDecimal smallNumber() {
      return num(Integer.toString(rnd.nextInt(21) - 10))
          .add(rnd.nextBoolean() ? BigDecimal.ZERO : num("0.5"));
    }

    AttributeValue numberSet() {
      Set<BigDecimal> members = new LinkedHashSet<>();
      int size = 1 + rnd.nextInt(3);
      while (members.size() < size) {
        members.add(num(Integer.toString(rnd.nextInt(6))));
      }
      return AttributeValue.ns(members);
    }

    /** A value near the item's current n (so conditions go both ways), or any small number. */
    BigDecimal nearN(Map<String, AttributeValue> item) {
      if (item != null && item.get("n") instanceof AttributeValue.N cur && rnd.nextBoolean()) {
        return cur.value().add(num(Integer.toString(rnd.nextInt(3) - 1)));
      }
      return smallNumber();
    }

    // ---- conditions ---------------------------------------------------------------------

    /**
     * A condition that may or may not hold for the current item, with its meaning for the model.
     */
    Cond condition(Map<String, AttributeValue> current, boolean forDelete) {
      BigDecimal c = nearN(current);
      BigDecimal c2 = nearN(current);
      BigDecimal lo = c.min(c2);
      BigDecimal hi = c.max(c2);
      switch (rnd.nextInt(forDelete ? 8 : 9)) {
        case 0:
          return new Cond(
              "#cn < :c1",
              Map.of("#cn", "n"),
              Map.of(":c1", numberValue(c)),
              i -> numberOf(i, "n").map(v -> v.compareTo(c) < 0).orElse(false));
        case 1:
          return new Cond(
              "#cn >= :c1",
              Map.of("#cn", "n"),
              Map.of(":c1", numberValue(c)),
              i -> numberOf(i, "n").map(v -> v.compareTo(c) >= 0).orElse(false));
        case 2:
          return new Cond(
              "#cn BETWEEN :c1 AND :c2",
              Map.of("#cn", "n"),
              Map.of(":c1", numberValue(lo), ":c2", numberValue(hi)),
              i ->
                  numberOf(i, "n")
                      .map(v -> v.compareTo(lo) >= 0 && v.compareTo(hi) <= 0)
                      .orElse(false));
        case 3:
          return new Cond(
              "attribute_not_exists(#cn) OR #cn <= :c1",
              Map.of("#cn", "n"),
              Map.of(":c1", numberValue(c)),
              i -> numberOf(i, "n").map(v -> v.compareTo(c) <= 0).orElse(true));
        case 4:
          return new Cond(
              "#cn = :c1",
              Map.of("#cn", "n"),
              Map.of(":c1", numberValue(c)),
              i -> numberOf(i, "n").map(v -> v.compareTo(c) == 0).orElse(false));
        case 5:
          return new Cond(
              "attribute_exists(#cpk)", Map.of("#cpk", "pk"), Map.of(), i -> i.containsKey("pk"));
        case 6:
          {
            String g = pick(GROUPS);
            return new Cond(
                "#cg = :c1 AND attribute_exists(#cn)",
                Map.of("#cg", "g", "#cn", "n"),
                Map.of(":c1", s(g)),
                i -> s(g).equals(i.get("g")) && i.containsKey("n"));
          }
        case 7:
          {
            BigDecimal e = num(Integer.toString(rnd.nextInt(6)));
            return new Cond(
                "contains(#cs, :c1)",
                Map.of("#cs", "ns"),
                Map.of(":c1", numberValue(e)),
                i -> i.get("ns") instanceof AttributeValue.NS set && set.value().contains(e));
          }
        default:
          return new Cond(
              "attribute_not_exists(#cpk)",
              Map.of("#cpk", "pk"),
              Map.of(),
              i -> !i.containsKey("pk"));
      }
    }

    Cond maybeCondition(Map<String, AttributeValue> current, int percent, boolean forDelete) {
      return rnd.nextInt(100) < percent ? condition(current, forDelete) : null;
    }

    boolean holds(Cond c, Map<String, AttributeValue> current) {
      return c == null || c.test.test(current == null ? Map.of() : current);
    }

    // ---- update expressions -------------------------------------------------------------

    /**
     * 1-3 actions on distinct attributes. {@code safe} leaves out {@code n = n + :d}, which fails
     * with a ValidationException on an item without n.
     */
    Upd updateExpression(boolean safe) {
      List<String> attrs = new ArrayList<>(List.of("a", "n", "g", "ns", "m"));
      Collections.shuffle(attrs, rnd);
      int actions = 1 + rnd.nextInt(3);
      List<String> sets = new ArrayList<>();
      List<String> removes = new ArrayList<>();
      List<String> adds = new ArrayList<>();
      List<String> deletes = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      Map<String, AttributeValue> values = new HashMap<>();
      List<UnaryOperator<Map<String, AttributeValue>>> ops = new ArrayList<>();
      Set<String> touched = new TreeSet<>();
      String[] error = new String[1];
      for (String attr : attrs.subList(0, actions)) {
        String nm = "#u" + attr;
        names.put(nm, attr);
        touched.add(attr);
        int choice = rnd.nextInt(10);
        switch (attr) {
          case "a":
          case "g":
            if (choice < 7) {
              AttributeValue v = s(attr.equals("a") ? pick(STRINGS) : pick(GROUPS));
              sets.add(nm + " = :v" + attr);
              values.put(":v" + attr, v);
              ops.add(setOp(attr, v));
            } else {
              removes.add(nm);
              ops.add(removeOp(attr));
            }
            break;
          case "n":
            {
              BigDecimal d =
                  num(Integer.toString(rnd.nextInt(5) - 2))
                      .add(rnd.nextBoolean() ? BigDecimal.ZERO : num("0.25"));
              if (choice < 2) {
                BigDecimal v = smallNumber();
                sets.add(nm + " = :vn");
                values.put(":vn", numberValue(v));
                ops.add(setOp("n", n(v)));
              } else if (choice < 4 && !safe) {
                sets.add(nm + " = " + nm + " + :dn");
                values.put(":dn", numberValue(d));
                ops.add(
                    i -> {
                      if (!(i.get("n") instanceof AttributeValue.N cur)) {
                        error[0] = MISSING_OPERAND;
                        return i;
                      }
                      i.put("n", n(cur.value().add(d)));
                      return i;
                    });
              } else if (choice < 6) {
                sets.add(nm + " = if_not_exists(" + nm + ", :zn) - :dn");
                values.put(":zn", n(0));
                values.put(":dn", numberValue(d));
                ops.add(
                    i -> {
                      BigDecimal cur = numberOf(i, "n").orElse(BigDecimal.ZERO);
                      i.put("n", n(cur.subtract(d)));
                      return i;
                    });
              } else if (choice < 8) {
                adds.add(nm + " :dn");
                values.put(":dn", numberValue(d));
                ops.add(
                    i -> {
                      BigDecimal cur = numberOf(i, "n").orElse(BigDecimal.ZERO);
                      i.put("n", n(cur.add(d)));
                      return i;
                    });
              } else {
                removes.add(nm);
                ops.add(removeOp("n"));
              }
              break;
            }
          case "ns":
            {
              AttributeValue.NS set = (AttributeValue.NS) numberSet();
              if (choice < 6) {
                adds.add(nm + " :vns");
                values.put(":vns", set);
                ops.add(
                    i -> {
                      Set<BigDecimal> members = new LinkedHashSet<>();
                      if (i.get("ns") instanceof AttributeValue.NS cur) {
                        members.addAll(cur.value());
                      }
                      members.addAll(set.value());
                      i.put("ns", AttributeValue.ns(members));
                      return i;
                    });
              } else if (choice < 8) {
                deletes.add(nm + " :vns");
                values.put(":vns", set);
                ops.add(
                    i -> {
                      if (i.get("ns") instanceof AttributeValue.NS cur) {
                        Set<BigDecimal> left = new LinkedHashSet<>(cur.value());
                        left.removeAll(set.value());
                        if (left.isEmpty()) {
                          i.remove("ns");
                        } else {
                          i.put("ns", AttributeValue.ns(left));
                        }
                      }
                      return i;
                    });
              } else {
                removes.add(nm);
                ops.add(removeOp("ns"));
              }
              break;
            }
          default: // m
            if (choice < 4) {
              // a nested path: the map must exist; the returned values name only the nested key
              String nested = rnd.nextBoolean() ? "k" : "z";
              AttributeValue v = s(pick(STRINGS));
              names.put("#uk", nested);
              sets.add(nm + ".#uk = :vk");
              values.put(":vk", v);
              touched.remove("m");
              touched.add("m." + nested);
              ops.add(
                  i -> {
                    if (!(i.get("m") instanceof AttributeValue.M m)) {
                      // operands are evaluated before any path is written: a missing operand wins
                      if (error[0] == null) {
                        error[0] = INVALID_PATH;
                      }
                      return i;
                    }
                    Map<String, AttributeValue> inner = new HashMap<>(m.value());
                    inner.put(nested, v);
                    i.put("m", AttributeValue.m(inner));
                    return i;
                  });
            } else if (choice < 7) {
              AttributeValue v = AttributeValue.m(Map.of("k", s(pick(STRINGS))));
              sets.add(nm + " = :vm");
              values.put(":vm", v);
              ops.add(setOp("m", v));
            } else {
              removes.add(nm);
              ops.add(removeOp("m"));
            }
        }
      }
      StringBuilder expr = new StringBuilder();
      clause(expr, "SET", sets);
      clause(expr, "REMOVE", removes);
      clause(expr, "ADD", adds);
      clause(expr, "DELETE", deletes);
      return new Upd(expr.toString(), names, values, ops, touched, error);
    }

    void clause(StringBuilder expr, String keyword, List<String> parts) {
      if (!parts.isEmpty()) {
        if (expr.length() > 0) {
          expr.append(' ');
        }
        expr.append(keyword).append(' ').append(String.join(", ", parts));
      }
    }

    UnaryOperator<Map<String, AttributeValue>> setOp(String attr, AttributeValue v) {
      return i -> {
        i.put(attr, v);
        return i;
      };
    }

    UnaryOperator<Map<String, AttributeValue>> removeOp(String attr) {
      return i -> {
        i.remove(attr);
        return i;
      };
    }

    /**
     * An update of REMOVE and set DELETE actions only, which creates no item from nothing (the
     * clauses are keywords; names are placeholders).
     */
    boolean removesOnly(Upd u) {
      return (u.expression.startsWith("REMOVE") || u.expression.startsWith("DELETE"))
          && !u.expression.matches(".*\\b(SET|ADD)\\b.*");
    }

    /** The item after the update, or empty if it cannot apply ({@code u.error[0]} says why). */
    Optional<Map<String, AttributeValue>> applyUpdate(Upd u, K k, Map<String, AttributeValue> old) {
      Map<String, AttributeValue> item = new HashMap<>(old != null ? old : k.toKey());
      u.error[0] = null;
      for (UnaryOperator<Map<String, AttributeValue>> op : u.ops) {
        item = op.apply(item);
      }
      return u.error[0] != null ? Optional.empty() : Optional.of(item);
    }

    ExpressionParameters parameters(Cond c, Upd u) {
      Map<String, String> names = new HashMap<>();
      Map<String, AttributeValue> values = new HashMap<>();
      if (c != null) {
        names.putAll(c.names);
        values.putAll(c.values);
      }
      if (u != null) {
        names.putAll(u.names);
        values.putAll(u.values);
      }
      return new ExpressionParameters(names, values);
    }

    // ---- single-item operations ---------------------------------------------------------

    void put() {
      K k = randomKey();
      Map<String, AttributeValue> old = modelGet(k);
      Map<String, AttributeValue> item =
          old != null && rnd.nextInt(5) == 0 ? renumbered(old) : randomItem(k);
      Cond c =
          rnd.nextInt(5) == 0
              ? new Cond(
                  "attribute_not_exists(#cpk)",
                  Map.of("#cpk", "pk"),
                  Map.of(),
                  i -> !i.containsKey("pk"))
              : maybeCondition(old, 25, false);
      ReturnValue rv = rnd.nextBoolean() ? ReturnValue.ALL_OLD : ReturnValue.NONE;
      boolean returnOld = rnd.nextBoolean();
      note("PutItem " + k + " " + item + (c == null ? "" : " if " + c.expression) + " " + rv);
      PutItemRequest.Builder b =
          PutItemRequest.builder(TABLE, item)
              .returnValues(rv)
              .returnOldItemOnConditionCheckFailure(returnOld);
      if (c != null) {
        b.condition(c.expression).expressionParameters(parameters(c, null));
      }
      if (!holds(c, old)) {
        count("PutItem condition failed");
        expectConditionFailure(() -> engine.putItem(b.build()), returnOld, old);
        return;
      }
      count("PutItem");
      WriteItemResponse response = engine.putItem(b.build());
      assertThat(response.attributes())
          .as("PutItem ReturnValues=%s", rv)
          .isEqualTo(rv == ReturnValue.ALL_OLD ? Optional.ofNullable(old) : Optional.empty());
      modelWrite(k, item);
    }

    /** The same item with its numbers in another (equal) notation: a put that changes nothing. */
    Map<String, AttributeValue> renumbered(Map<String, AttributeValue> old) {
      Map<String, AttributeValue> copy = new HashMap<>(old);
      copy.replaceAll((name, v) -> v instanceof AttributeValue.N nv ? numberValue(nv.value()) : v);
      return copy;
    }

    void update() {
      K k = randomKey();
      Map<String, AttributeValue> old = modelGet(k);
      Upd u = updateExpression(false);
      Cond c = maybeCondition(old, 35, false);
      ReturnValue rv = pick(List.of(ReturnValue.values()));
      boolean returnOld = rnd.nextBoolean();
      note(
          "UpdateItem "
              + k
              + " "
              + u.expression
              + (c == null ? "" : " if " + c.expression)
              + " "
              + rv
              + " "
              + parameters(c, u));
      UpdateItemRequest.Builder b =
          UpdateItemRequest.builder(TABLE, keyValue(k))
              .update(u.expression)
              .returnValues(rv)
              .returnOldItemOnConditionCheckFailure(returnOld)
              .expressionParameters(parameters(c, u));
      if (c != null) {
        b.condition(c.expression);
      }
      if (!holds(c, old)) {
        count("UpdateItem condition failed");
        expectConditionFailure(() -> engine.updateItem(b.build()), returnOld, old);
        return;
      }
      if (old == null && removesOnly(u)) {
        // DynamoDB: removing from an item that does not exist creates nothing, streams nothing
        count("UpdateItem REMOVE on a missing item");
        WriteItemResponse response = engine.updateItem(b.build());
        assertThat(response.attributes())
            .as("REMOVE-only UpdateItem ReturnValues=%s", rv)
            .isEmpty();
        return;
      }
      Optional<Map<String, AttributeValue>> updated = applyUpdate(u, k, old);
      if (updated.isEmpty()) {
        count("UpdateItem that cannot apply");
        try {
          engine.updateItem(b.build());
          fail("expected a ValidationException: " + u.error[0]);
        } catch (ValidationException expected) {
          assertThat(expected.getMessage()).isEqualTo(u.error[0]);
        }
        return;
      }
      count("UpdateItem");
      WriteItemResponse response = engine.updateItem(b.build());
      Map<String, AttributeValue> now = updated.get();
      Optional<Map<String, AttributeValue>> expected;
      switch (rv) {
        case ALL_OLD:
          expected = Optional.ofNullable(old);
          break;
        case ALL_NEW:
          expected = Optional.of(now);
          break;
        case UPDATED_OLD:
          expected = old == null ? Optional.empty() : nonEmpty(onlyPaths(old, u.touched));
          break;
        case UPDATED_NEW:
          expected = nonEmpty(onlyPaths(now, u.touched));
          break;
        default:
          expected = Optional.empty();
      }
      assertThat(response.attributes()).as("UpdateItem ReturnValues=%s", rv).isEqualTo(expected);
      modelWrite(k, now);
    }

    void delete() {
      K k = randomKey();
      Map<String, AttributeValue> old = modelGet(k);
      Cond c = maybeCondition(old, 40, true);
      ReturnValue rv = rnd.nextBoolean() ? ReturnValue.ALL_OLD : ReturnValue.NONE;
      boolean returnOld = rnd.nextBoolean();
      note("DeleteItem " + k + (c == null ? "" : " if " + c.expression) + " " + rv);
      DeleteItemRequest.Builder b =
          DeleteItemRequest.builder(TABLE, keyValue(k))
              .returnValues(rv)
              .returnOldItemOnConditionCheckFailure(returnOld);
      if (c != null) {
        b.condition(c.expression).expressionParameters(parameters(c, null));
      }
      if (!holds(c, old)) {
        count("DeleteItem condition failed");
        expectConditionFailure(() -> engine.deleteItem(b.build()), returnOld, old);
        return;
      }
      count("DeleteItem");
      WriteItemResponse response = engine.deleteItem(b.build());
      assertThat(response.attributes())
          .as("DeleteItem ReturnValues=%s", rv)
          .isEqualTo(rv == ReturnValue.ALL_OLD ? Optional.ofNullable(old) : Optional.empty());
      modelWrite(k, null);
    }

    void expectConditionFailure(Runnable call, boolean returnOld, Map<String, AttributeValue> old) {
      try {
        call.run();
        fail("expected ConditionalCheckFailedException; the model's item is " + old);
      } catch (ConditionalCheckFailedException e) {
        assertThat(e.getMessage()).isEqualTo("The conditional request failed");
        assertThat(e.item())
            .as("ReturnValuesOnConditionCheckFailure=%s", returnOld ? "ALL_OLD" : "NONE")
            .isEqualTo(returnOld ? Optional.ofNullable(old) : Optional.empty());
      }
    }

    void get() {
      K k = randomKey();
      Map<String, AttributeValue> old = modelGet(k);
      boolean project = rnd.nextInt(4) == 0;
      note("GetItem " + k + (project ? " projecting sk, n, m.k" : ""));
      count("GetItem");
      GetItemRequest request = GetItemRequest.of(TABLE, keyValue(k));
      if (rnd.nextBoolean()) {
        request = request.consistent();
      }
      Optional<Map<String, AttributeValue>> expected = Optional.ofNullable(old);
      if (project) {
        request =
            request.withProjection(
                "#ps, #pn, #pm.#pk", Map.of("#ps", "sk", "#pn", "n", "#pm", "m", "#pk", "k"));
        expected = expected.map(this::projectSkNMk);
      }
      assertThat(engine.getItem(request).item()).isEqualTo(expected);
    }

    Map<String, AttributeValue> projectSkNMk(Map<String, AttributeValue> item) {
      Map<String, AttributeValue> out = only(item, Set.of("sk", "n"));
      if (item.get("m") instanceof AttributeValue.M m && m.value().containsKey("k")) {
        out.put("m", AttributeValue.m(Map.of("k", m.value().get("k"))));
      }
      return out;
    }

    // ---- queries and scans --------------------------------------------------------------

    /** A random sort-key condition: its expression, placeholder values and meaning. */
    KeyCond sortCondition(String attr, List<BigDecimal> candidates) {
      BigDecimal a = rnd.nextInt(4) == 0 ? smallNumber() : pick(candidates);
      BigDecimal b = rnd.nextInt(4) == 0 ? smallNumber() : pick(candidates);
      BigDecimal lo = a.min(b);
      BigDecimal hi = a.max(b);
      switch (rnd.nextInt(7)) {
        case 0:
          return new KeyCond("", Map.of(), v -> true);
        case 1:
          return new KeyCond(
              " AND " + attr + " = :s1", Map.of(":s1", numberValue(a)), v -> v.compareTo(a) == 0);
        case 2:
          return new KeyCond(
              " AND " + attr + " < :s1", Map.of(":s1", numberValue(a)), v -> v.compareTo(a) < 0);
        case 3:
          return new KeyCond(
              " AND " + attr + " <= :s1", Map.of(":s1", numberValue(a)), v -> v.compareTo(a) <= 0);
        case 4:
          return new KeyCond(
              " AND " + attr + " > :s1", Map.of(":s1", numberValue(a)), v -> v.compareTo(a) > 0);
        case 5:
          return new KeyCond(
              " AND " + attr + " >= :s1", Map.of(":s1", numberValue(a)), v -> v.compareTo(a) >= 0);
        default:
          return new KeyCond(
              " AND " + attr + " BETWEEN :s1 AND :s2",
              Map.of(":s1", numberValue(lo), ":s2", numberValue(hi)),
              v -> v.compareTo(lo) >= 0 && v.compareTo(hi) <= 0);
      }
    }

    Integer randomLimit() {
      return rnd.nextInt(10) < 4 ? null : 1 + rnd.nextInt(rnd.nextBoolean() ? 4 : 12);
    }

    void queryTable() {
      String pk = pick(PARTITIONS);
      KeyCond kc = sortCondition("sk", SORT_KEYS);
      boolean forward = rnd.nextBoolean();
      Integer limit = randomLimit();
      BigDecimal filterAt = rnd.nextInt(5) == 0 ? smallNumber() : null;
      note(
          "Query pk="
              + pk
              + kc.expression
              + " "
              + kc.values
              + " forward="
              + forward
              + " limit="
              + limit
              + (filterAt == null ? "" : " filter n >= " + filterAt));
      count("Query");
      // the model: every item of the partition in the range, in sort-key order
      List<Map<String, AttributeValue>> range = new ArrayList<>();
      for (Map.Entry<K, Map<String, AttributeValue>> e : model.entrySet()) {
        if (e.getKey().pk.equals(pk) && kc.test.test(e.getKey().sk)) {
          range.add(e.getValue());
        }
      }
      if (!forward) {
        Collections.reverse(range);
      }
      Predicate<Map<String, AttributeValue>> filter =
          filterAt == null
              ? i -> true
              : i -> numberOf(i, "n").map(v -> v.compareTo(filterAt) >= 0).orElse(false);

      Map<String, AttributeValue> start = null;
      int consumed = 0;
      int pages = 0;
      do {
        QueryRequest.Builder b =
            QueryRequest.builder(TABLE, "#qpk = :pk" + kc.expression)
                .name("#qpk", "pk")
                .value(":pk", s(pk))
                .scanIndexForward(forward)
                .exclusiveStartKey(start);
        kc.values.forEach(b::value);
        if (limit != null) {
          b.limit(limit);
        }
        if (filterAt != null) {
          b.filter("#fn >= :fv").name("#fn", "n").value(":fv", numberValue(filterAt));
        }
        if (rnd.nextBoolean()) {
          b.consistentRead(true);
        }
        PageResponse page = engine.query(b.build());
        pages++;
        assertThat(pages).as("pages").isLessThanOrEqualTo(range.size() + 1);
        int scanned = page.scannedCount();
        if (limit != null) {
          assertThat(scanned).as("scannedCount with Limit %s", limit).isLessThanOrEqualTo(limit);
        }
        assertThat(consumed + scanned).as("items scanned so far").isLessThanOrEqualTo(range.size());
        List<Map<String, AttributeValue>> evaluated = range.subList(consumed, consumed + scanned);
        consumed += scanned;
        assertThat(page.items())
            .as(
                "page %d of a query (scanned %d..%d of %d)",
                pages, consumed - scanned, consumed, range.size())
            .isEqualTo(evaluated.stream().filter(filter).toList());
        assertThat(page.count()).isEqualTo(page.items().size());
        if (page.lastEvaluatedKey().isPresent()) {
          assertThat(limit).as("LastEvaluatedKey without a Limit").isNotNull();
          assertThat(scanned).as("a page with LastEvaluatedKey is full").isEqualTo(limit);
          assertThat(page.lastEvaluatedKey().get())
              .isEqualTo(only(evaluated.get(evaluated.size() - 1), Set.of("pk", "sk")));
        }
        if (limit != null && scanned == limit) {
          // DynamoDB answers a page that stopped at Limit with a LastEvaluatedKey, even at the end
          assertThat(page.lastEvaluatedKey())
              .as("a page stopped by Limit has LastEvaluatedKey")
              .isPresent();
        }
        start = page.lastEvaluatedKey().orElse(null);
      } while (start != null);
      assertThat(consumed).as("items scanned over all pages").isEqualTo(range.size());
    }

    void queryIndex() {
      String g = rnd.nextInt(10) == 0 ? "g9" : pick(GROUPS);
      List<BigDecimal> ns = new ArrayList<>();
      model.values().forEach(i -> numberOf(i, "n").ifPresent(ns::add));
      if (ns.isEmpty()) {
        ns.add(BigDecimal.ZERO);
      }
      KeyCond kc = sortCondition("#qn", ns);
      boolean forward = rnd.nextBoolean();
      Integer limit = randomLimit();
      note(
          "Query "
              + GSI
              + " g="
              + g
              + kc.expression
              + " "
              + kc.values
              + " forward="
              + forward
              + " limit="
              + limit);
      count("Query GSI");
      Comparator<Map<String, AttributeValue>> byIndexKey =
          Comparator.comparing((Map<String, AttributeValue> i) -> numberOf(i, "n").orElseThrow());
      Comparator<Map<String, AttributeValue>> total =
          byIndexKey
              .thenComparing(i -> ((AttributeValue.S) i.get("pk")).value())
              .thenComparing(i -> numberOf(i, "sk").orElseThrow());
      List<Map<String, AttributeValue>> expected = new ArrayList<>();
      for (Map<String, AttributeValue> i : model.values()) {
        if (s(g).equals(i.get("g"))
            && i.get("n") instanceof AttributeValue.N nv
            && kc.test.test(nv.value())) {
          expected.add(i);
        }
      }
      expected.sort(forward ? total : total.reversed());

      List<Map<String, AttributeValue>> got = new ArrayList<>();
      Map<String, AttributeValue> start = null;
      int pages = 0;
      do {
        QueryRequest.Builder b =
            QueryRequest.builder(TABLE, "#qg = :g" + kc.expression)
                .index(GSI)
                .name("#qg", "g")
                .value(":g", s(g))
                .scanIndexForward(forward)
                .exclusiveStartKey(start);
        if (!kc.expression.isEmpty()) {
          b.name("#qn", "n");
        }
        kc.values.forEach(b::value);
        if (limit != null) {
          b.limit(limit);
        }
        PageResponse page = engine.query(b.build());
        pages++;
        assertThat(pages).as("pages").isLessThanOrEqualTo(expected.size() + 1);
        assertThat(page.count()).isEqualTo(page.items().size()).isEqualTo(page.scannedCount());
        if (limit != null) {
          assertThat(page.items().size()).isLessThanOrEqualTo(limit);
        }
        got.addAll(page.items());
        if (limit != null && page.scannedCount() == limit) {
          assertThat(page.lastEvaluatedKey())
              .as("a page stopped by Limit has LastEvaluatedKey")
              .isPresent();
        }
        if (page.lastEvaluatedKey().isPresent()) {
          assertThat(page.items()).as("a page with LastEvaluatedKey is full").hasSize(limit);
          assertThat(page.lastEvaluatedKey().get())
              .isEqualTo(
                  only(page.items().get(page.items().size() - 1), Set.of("pk", "sk", "g", "n")));
        }
        start = page.lastEvaluatedKey().orElse(null);
      } while (start != null);
      // index order is by the index sort key; the order of equal index keys is not specified
      assertThat(got.stream().map(i -> i.get("n")).toList())
          .as("index sort-key order")
          .isEqualTo(expected.stream().map(i -> i.get("n")).toList());
      List<Map<String, AttributeValue>> sorted = new ArrayList<>(got);
      sorted.sort(forward ? total : total.reversed());
      assertThat(sorted).as("items of the index query").isEqualTo(expected);
    }

    void scan() {
      int segments = pick(List.of(1, 1, 2, 3, 4, 7));
      Integer limit = randomLimit();
      if (limit != null) {
        limit = limit * 4;
      }
      note("Scan segments=" + segments + " limit=" + limit);
      count("Scan");
      Map<K, Map<String, AttributeValue>> seen = new HashMap<>();
      Map<String, Integer> segmentOfPartition = new HashMap<>();
      int scannedTotal = 0;
      for (int segment = 0; segment < segments; segment++) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        int pages = 0;
        do {
          ScanRequest.Builder b = ScanRequest.builder(TABLE).exclusiveStartKey(start);
          if (segments > 1 || rnd.nextBoolean()) {
            b.segment(segment, segments);
          }
          if (limit != null) {
            b.limit(limit);
          }
          PageResponse page = engine.scan(b.build());
          pages++;
          assertThat(pages).as("pages").isLessThanOrEqualTo(model.size() + 1);
          if (limit != null) {
            assertThat(page.scannedCount()).isLessThanOrEqualTo(limit);
          }
          assertThat(page.count()).isEqualTo(page.items().size()).isEqualTo(page.scannedCount());
          scannedTotal += page.scannedCount();
          items.addAll(page.items());
          if (page.lastEvaluatedKey().isPresent()) {
            assertThat(page.items()).hasSize(limit);
            assertThat(page.lastEvaluatedKey().get())
                .isEqualTo(only(page.items().get(page.items().size() - 1), Set.of("pk", "sk")));
          }
          start = page.lastEvaluatedKey().orElse(null);
        } while (start != null);
        String previousPartition = null;
        BigDecimal previousSort = null;
        Set<String> finished = new HashSet<>();
        for (Map<String, AttributeValue> i : items) {
          K k = K.of(i);
          assertThat(seen.put(k, i)).as("item %s returned by two segments or pages", k).isNull();
          Integer other = segmentOfPartition.putIfAbsent(k.pk, segment);
          assertThat(other == null ? segment : other)
              .as("segment of partition %s", k.pk)
              .isEqualTo(segment);
          if (!k.pk.equals(previousPartition)) {
            assertThat(finished.add(k.pk))
                .as("partition %s is contiguous in a scan", k.pk)
                .isTrue();
            previousPartition = k.pk;
          } else {
            assertThat(k.sk)
                .as("sort-key order within partition %s", k.pk)
                .isGreaterThan(previousSort);
          }
          previousSort = k.sk;
        }
      }
      assertThat(scannedTotal).isEqualTo(model.size());
      assertThat(new TreeMap<>(seen)).as("union of the scan segments").isEqualTo(model);
    }

    // ---- multi-item writes --------------------------------------------------------------

    void transact() {
      int size = 2 + rnd.nextInt(3);
      Set<K> keys = new LinkedHashSet<>();
      while (keys.size() < size) {
        keys.add(randomKey());
      }
      List<TransactWriteItem> actions = new ArrayList<>();
      List<Map<String, AttributeValue>> newStates = new ArrayList<>();
      List<Boolean> writes = new ArrayList<>();
      List<CancellationReason> expectedReasons = new ArrayList<>();
      StringBuilder description = new StringBuilder("TransactWriteItems");
      boolean fails = false;
      for (K k : keys) {
        Map<String, AttributeValue> old = modelGet(k);
        int kind = rnd.nextInt(10);
        boolean returnOld = rnd.nextInt(3) == 0;
        String invalid = null;
        Cond c;
        if (kind < 4) {
          Map<String, AttributeValue> item = randomItem(k);
          c = maybeCondition(old, 25, false);
          actions.add(
              new TransactWriteItem.Put(TABLE, item, cond(c), parameters(c, null), returnOld));
          newStates.add(item);
          writes.add(true);
          description.append(" | Put ").append(item);
        } else if (kind < 7) {
          Upd u = updateExpression(rnd.nextInt(4) != 0);
          c = maybeCondition(old, 25, false);
          actions.add(
              new TransactWriteItem.Update(
                  TABLE, keyValue(k), u.expression, cond(c), parameters(c, u), returnOld));
          if (old == null && removesOnly(u)) {
            newStates.add(null); // nothing to remove from: no item, as in UpdateItem
          } else {
            Optional<Map<String, AttributeValue>> updated = applyUpdate(u, k, old);
            newStates.add(updated.orElse(null));
            invalid = u.error[0];
          }
          writes.add(true);
          description.append(" | Update ").append(k).append(' ').append(u.expression);
        } else if (kind < 9) {
          c = maybeCondition(old, 25, true);
          actions.add(
              new TransactWriteItem.Delete(
                  TABLE, keyValue(k), cond(c), parameters(c, null), returnOld));
          newStates.add(null);
          writes.add(true);
          description.append(" | Delete ").append(k);
        } else {
          c = condition(old, false);
          actions.add(
              new TransactWriteItem.ConditionCheck(
                  TABLE, keyValue(k), cond(c), parameters(c, null), returnOld));
          newStates.add(old);
          writes.add(false);
          description.append(" | ConditionCheck ").append(k);
        }
        if (c != null) {
          description.append(" if ").append(c.expression);
        }
        if (returnOld) {
          description.append(" (ALL_OLD on failure)");
        }
        boolean ok = holds(c, old);
        if (!ok) {
          expectedReasons.add(
              new CancellationReason(
                  "ConditionalCheckFailed",
                  Optional.of("The conditional request failed"),
                  returnOld ? Optional.ofNullable(old) : Optional.empty()));
        } else if (invalid != null) {
          // an update that cannot apply to this item cancels the transaction, as DynamoDB does
          expectedReasons.add(CancellationReason.of("ValidationError", invalid));
        } else {
          expectedReasons.add(CancellationReason.NONE);
        }
        fails |= !ok || invalid != null;
      }
      if (rnd.nextInt(30) == 0) {
        // the same item twice: refused before anything is looked at
        actions.add(actions.get(0));
        note(description + " | the first action again");
        count("TransactWriteItems naming one item twice");
        try {
          engine.transactWriteItems(
              TransactWriteItemsRequest.of(actions.toArray(new TransactWriteItem[0])));
          fail("expected a ValidationException for two actions on one item");
        } catch (ValidationException e) {
          assertThat(e.getMessage())
              .isEqualTo("Transaction request cannot include multiple operations on one item");
        }
        return;
      }
      String token = rnd.nextInt(5) == 0 ? "t" + Long.toHexString(seed) + "-" + tokens++ : null;
      note(description + (token == null ? "" : " token " + token));
      TransactWriteItemsRequest request =
          TransactWriteItemsRequest.of(actions.toArray(new TransactWriteItem[0]));
      if (token != null) {
        request = request.withClientRequestToken(token);
      }
      if (fails) {
        count("TransactWriteItems cancelled");
        try {
          engine.transactWriteItems(request);
          fail("expected TransactionCanceledException with reasons " + expectedReasons);
        } catch (TransactionCanceledException e) {
          List<CancellationReason> expected = new ArrayList<>(expectedReasons);
          boolean conditionFailed =
              expected.stream().anyMatch(r -> r.code().equals("ConditionalCheckFailed"));
          for (int i = 0; i < expected.size() && i < e.reasons().size(); i++) {
            // whether DynamoDB also names a ValidationError when another action's condition failed
            // is not documented: accept None there
            if (conditionFailed
                && expected.get(i).code().equals("ValidationError")
                && e.reasons().get(i).equals(CancellationReason.NONE)) {
              expected.set(i, CancellationReason.NONE);
            }
          }
          assertThat(e.reasons()).isEqualTo(expected);
          assertThat(e.getMessage())
              .contains(
                  "["
                      + String.join(", ", expected.stream().map(CancellationReason::code).toList())
                      + "]");
        }
        return;
      }
      count("TransactWriteItems");
      engine.transactWriteItems(request);
      int i = 0;
      for (K k : keys) {
        if (writes.get(i)) {
          modelWrite(k, newStates.get(i));
        }
        i++;
      }
      if (token != null && rnd.nextBoolean()) {
        // a retry with the same token succeeds and changes nothing (no item change, no record);
        // the same token with other parameters is refused
        count("TransactWriteItems repeated with its token");
        engine.transactWriteItems(request);
        TransactWriteItemsRequest other =
            TransactWriteItemsRequest.of(
                    actions.subList(1, actions.size()).toArray(new TransactWriteItem[0]))
                .withClientRequestToken(token);
        try {
          engine.transactWriteItems(other);
          fail("expected IdempotentParameterMismatchException for a reused token");
        } catch (IdempotentParameterMismatchException expected) {
          assertThat(expected.getMessage()).contains("same client token");
        }
      }
    }

    void multiGet() {
      int size = 1 + rnd.nextInt(8);
      Set<K> keys = new LinkedHashSet<>();
      while (keys.size() < size) {
        keys.add(randomKey());
      }
      note("BatchGetItem and TransactGetItems " + keys);
      count("BatchGetItem + TransactGetItems");
      List<Map<String, AttributeValue>> keyValues = keys.stream().map(this::keyValue).toList();
      var batch = engine.batchGetItem(Map.of(TABLE, KeysAndAttributes.of(keyValues)));
      assertThat(batch.unprocessedKeys()).isEmpty();
      Map<K, Map<String, AttributeValue>> expected = new TreeMap<>();
      keys.forEach(k -> Optional.ofNullable(model.get(k)).ifPresent(i -> expected.put(k, i)));
      Map<K, Map<String, AttributeValue>> got = new TreeMap<>();
      batch.responses().getOrDefault(TABLE, List.of()).forEach(i -> got.put(K.of(i), i));
      assertThat(got).as("BatchGetItem").isEqualTo(expected);
      assertThat(batch.responses().getOrDefault(TABLE, List.of())).hasSameSizeAs(expected.keySet());
      var transact =
          engine.transactGetItems(keyValues.stream().map(k -> TransactGet.of(TABLE, k)).toList());
      assertThat(transact.responses())
          .as("TransactGetItems")
          .isEqualTo(keys.stream().map(k -> Optional.ofNullable(model.get(k))).toList());
    }

    void batchWrite() {
      int size = 1 + rnd.nextInt(6);
      List<K> keys = new ArrayList<>();
      while (keys.size() < size) {
        K k = randomKey();
        if (!keys.contains(k)) {
          keys.add(k);
        }
      }
      boolean duplicate = size > 1 && rnd.nextInt(20) == 0;
      if (duplicate) {
        keys.set(size - 1, keys.get(0));
      }
      List<WriteRequest> requests = new ArrayList<>();
      List<Map<String, AttributeValue>> states = new ArrayList<>();
      for (K k : keys) {
        if (rnd.nextInt(3) == 0) {
          requests.add(WriteRequest.delete(TABLE, keyValue(k)));
          states.add(null);
        } else {
          Map<String, AttributeValue> item = randomItem(k);
          requests.add(WriteRequest.put(TABLE, item));
          states.add(item);
        }
      }
      note("BatchWriteItem " + requests);
      if (duplicate) {
        count("BatchWriteItem with a duplicate key");
        try {
          engine.batchWriteItem(requests);
          fail("expected a ValidationException for a duplicate key");
        } catch (ValidationException e) {
          assertThat(e.getMessage()).isEqualTo("Provided list of item keys contains duplicates");
        }
        return;
      }
      count("BatchWriteItem");
      assertThat(engine.batchWriteItem(requests).unprocessedItems()).isEmpty();
      for (int i = 0; i < keys.size(); i++) {
        modelWrite(keys.get(i), states.get(i));
      }
    }

    // ---- whole-state checks -------------------------------------------------------------

    void checkEverything() {
      checkChangeLog();
      for (String pk : PARTITIONS) {
        for (BigDecimal sk : SORT_KEYS) {
          K k = new K(pk, sk);
          assertThat(engine.getItem(GetItemRequest.of(TABLE, k.toKey()).consistent()).item())
              .as("GetItem %s", k)
              .isEqualTo(Optional.ofNullable(model.get(k)));
        }
      }
      Map<K, Map<String, AttributeValue>> scanned = new TreeMap<>();
      for (Map<String, AttributeValue> i : engine.scan(ScanRequest.of(TABLE)).items()) {
        scanned.put(K.of(i), i);
      }
      assertThat(scanned).as("a full scan").isEqualTo(model);
      var description = engine.describeTable(TABLE);
      assertThat(description.itemCount()).as("ItemCount").isEqualTo(model.size());
      long indexed =
          model.values().stream().filter(i -> i.containsKey("g") && i.containsKey("n")).count();
      assertThat(description.globalSecondaryIndexes().get(0).itemCount())
          .as("index ItemCount")
          .isEqualTo(indexed);
    }

    void checkChangeLog() {
      ChangeStream stream = engine.changeStream(TABLE);
      List<ChangeEvent> read = new ArrayList<>();
      while (true) {
        List<ChangeEvent> chunk = stream.read(lastSequence, 1 + rnd.nextInt(64));
        if (chunk.isEmpty()) {
          break;
        }
        for (ChangeEvent e : chunk) {
          long seq = ChangeStream.sequenceOf(e);
          assertThat(seq).as("sequence numbers increase").isGreaterThan(lastSequence);
          lastSequence = seq;
          read.add(e);
        }
      }
      assertThat(stream.latestSequence()).isEqualTo(lastSequence);
      List<Ev> expected = expectedEvents.subList(eventsChecked, expectedEvents.size());
      List<Ev> actual = new ArrayList<>();
      for (ChangeEvent e : read) {
        assertThat(e.dynamodb().streamViewType()).isEqualTo(StreamViewType.NEW_AND_OLD_IMAGES);
        actual.add(
            new Ev(
                e.eventName(),
                e.dynamodb().keys(),
                e.dynamodb().oldImage().orElse(null),
                e.dynamodb().newImage().orElse(null)));
      }
      for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
        assertThat(actual.get(i))
            .as("change event %d since the last check", i)
            .isEqualTo(expected.get(i));
      }
      assertThat(actual).as("change events since the last check").hasSameSizeAs(expected);
      eventsChecked = expectedEvents.size();
    }
  }

  // ---- helpers ----------------------------------------------------------------------------

  static TributaryEngine open(Path dir, Clock clock) {
    return TributaryEngine.open(
        EngineOptions.builder(dir).syncWrites(false).clock(clock).retainChangesForever().build());
  }

  static void createTable(TributaryEngine engine) {
    engine.createTable(
        CreateTableRequest.builder(TABLE)
            .partitionKey("pk", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.N)
            .attribute("g", ScalarAttributeType.S)
            .attribute("n", ScalarAttributeType.N)
            .globalSecondaryIndex(
                GlobalSecondaryIndex.of(
                    GSI, Projection.all(), KeySchemaElement.hash("g"), KeySchemaElement.range("n")))
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
  }

  static Item item(String pk, BigDecimal sk) {
    return Item.builder().s("pk", pk).n("sk", sk);
  }

  static BigDecimal num(String text) {
    return AttributeValue.n(text).value();
  }

  static Optional<BigDecimal> numberOf(Map<String, AttributeValue> item, String attr) {
    return item.get(attr) instanceof AttributeValue.N nv
        ? Optional.of(nv.value())
        : Optional.empty();
  }

  static Map<String, AttributeValue> only(Map<String, AttributeValue> item, Set<String> names) {
    Map<String, AttributeValue> out = new HashMap<>();
    for (String name : names) {
      if (item.containsKey(name)) {
        out.put(name, item.get(name));
      }
    }
    return out;
  }

  static final String MISSING_OPERAND =
      "The provided expression refers to an attribute that does not exist in the item";
  static final String INVALID_PATH =
      "The document path provided in the update expression is invalid for update";

  /** The attributes at {@code paths} ("a" or "m.k"), as ReturnValues UPDATED_* returns them. */
  static Map<String, AttributeValue> onlyPaths(
      Map<String, AttributeValue> item, Set<String> paths) {
    Map<String, AttributeValue> out = new HashMap<>();
    Map<String, Map<String, AttributeValue>> nested = new HashMap<>();
    for (String path : paths) {
      int dot = path.indexOf('.');
      if (dot < 0) {
        if (item.containsKey(path)) {
          out.put(path, item.get(path));
        }
      } else if (item.get(path.substring(0, dot)) instanceof AttributeValue.M m
          && m.value().containsKey(path.substring(dot + 1))) {
        nested
            .computeIfAbsent(path.substring(0, dot), x -> new HashMap<>())
            .put(path.substring(dot + 1), m.value().get(path.substring(dot + 1)));
      }
    }
    nested.forEach((name, inner) -> out.put(name, AttributeValue.m(inner)));
    return out;
  }

  static Optional<Map<String, AttributeValue>> nonEmpty(Map<String, AttributeValue> m) {
    return m.isEmpty() ? Optional.empty() : Optional.of(m);
  }

  static Optional<String> cond(Cond c) {
    return c == null ? Optional.empty() : Optional.of(c.expression);
  }

  /** A primary key of the model: partition and normalized sort key. */
  record K(String pk, BigDecimal sk) implements Comparable<K> {
    static K of(Map<String, AttributeValue> item) {
      return new K(
          ((AttributeValue.S) item.get("pk")).value(), ((AttributeValue.N) item.get("sk")).value());
    }

    Map<String, AttributeValue> toKey() {
      return Map.of("pk", s(pk), "sk", n(sk));
    }

    @Override
    public int compareTo(K o) {
      int c = pk.compareTo(o.pk);
      return c != 0 ? c : sk.compareTo(o.sk);
    }

    @Override
    public String toString() {
      return pk + "/" + sk.toPlainString();
    }
  }

  /** An expected change event. */
  record Ev(
      EventName name,
      Map<String, AttributeValue> keys,
      Map<String, AttributeValue> oldImage,
      Map<String, AttributeValue> newImage) {}

  /** A generated condition expression and what it means. */
  record Cond(
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      Predicate<Map<String, AttributeValue>> test) {}

  /** A generated sort-key condition (appended to the partition condition) and what it means. */
  record KeyCond(
      String expression, Map<String, AttributeValue> values, Predicate<BigDecimal> test) {}

  /** A generated update expression and the model's version of each action. */
  record Upd(
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      List<UnaryOperator<Map<String, AttributeValue>>> ops,
      Set<String> touched,
      String[] error) {}

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
