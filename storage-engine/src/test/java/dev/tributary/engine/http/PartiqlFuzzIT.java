package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random, mutated and deeply nested PartiQL statements and parameters through ExecuteStatement,
 * BatchExecuteStatement and ExecuteTransaction: never a 5xx, always a DynamoDB error body.
 */
class PartiqlFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PREFIX = "DynamoDB_20120810.";
  private static final List<String> SEEDS =
      List.of(
          "SELECT * FROM \"Pqf\" WHERE pk = 'p' AND sk BETWEEN 1 AND 3",
          "SELECT a, b.c[0] FROM \"Pqf\" WHERE pk = ? AND begins_with(v, 'x') OR size(l) > 2",
          "SELECT * FROM \"Pqf\".\"idx\" WHERE v IS NOT MISSING",
          "INSERT INTO \"Pqf\" VALUE {'pk': ?, 'sk': 1, 'l': [1, 'a', <<'s'>>, {'m': null}]}",
          "UPDATE \"Pqf\" SET v = v + 1 SET l = list_append(l, [1]) REMOVE x WHERE pk = 'p' AND sk = 1",
          "UPDATE \"Pqf\" SET s = set_add(s, <<1, 2>>) WHERE pk = 'p' AND sk = 2 AND exists(s)",
          "DELETE FROM \"Pqf\" WHERE pk = 'p' AND sk = 3 AND NOT contains(v, ?)",
          "SELECT * FROM \"Pqf\" WHERE pk IN ('a', 'b') AND attribute_type(v, 'S')");
  private static final List<String> TOKENS =
      List.of(
          "SELECT",
          "*",
          "FROM",
          "\"Pqf\"",
          "WHERE",
          "pk",
          "=",
          "'p'",
          "?",
          "AND",
          "OR",
          "NOT",
          "(",
          ")",
          "[",
          "]",
          "{",
          "}",
          "<<",
          ">>",
          ",",
          ".",
          ":",
          "1",
          "-2.5e3",
          "INSERT",
          "INTO",
          "VALUE",
          "UPDATE",
          "SET",
          "REMOVE",
          "DELETE",
          "BETWEEN",
          "IN",
          "IS",
          "MISSING",
          "size(",
          "exists(",
          "\"",
          "'",
          "+",
          "<>",
          ">=",
          "sk",
          "a.b[0]",
          "[99999999999]",
          "set_add(",
          "list_append(",
          "NULL",
          "TRUE",
          ";");

  private static Path dir;
  private static TributaryEngine engine;
  private static EngineServer server;
  private static RawHttp http;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("partiql-fuzz");
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    engine.createTable(
        CreateTableRequest.builder("Pqf")
            .partitionKey("pk", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.N)
            .build());
    server =
        EngineServer.start(
            engine, ServerOptions.builder().port(0).allowAnyCredentials(true).build());
  }

  @AfterContainer
  static void stop() throws IOException {
    if (http != null) {
      http.close();
    }
    server.close();
    engine.close();
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  record Case(String target, String body) {}

  @Provide
  Arbitrary<Case> cases() {
    return Arbitraries.longs()
        .map(
            seed -> {
              Random random = new Random(seed);
              String statement = statement(random);
              ArrayNode params = JSON.createArrayNode();
              int n = random.nextInt(4);
              for (int i = 0; i < n; i++) {
                ObjectNode p = params.addObject();
                switch (random.nextInt(5)) {
                  case 0 -> p.put("S", "v" + i);
                  case 1 -> p.put("N", random.nextBoolean() ? "1" : "x");
                  case 2 -> p.putArray("SS");
                  case 3 -> p.put("BOOL", "no");
                  default -> p.putObject("M").putObject("a").put("S", "b");
                }
              }
              ObjectNode stmt = JSON.createObjectNode().put("Statement", statement);
              if (n > 0) {
                stmt.set("Parameters", params);
              }
              return switch (random.nextInt(4)) {
                case 0 ->
                    new Case(
                        "BatchExecuteStatement",
                        JSON.createObjectNode()
                            .set("Statements", JSON.createArrayNode().add(stmt).add(stmt))
                            .toString());
                case 1 ->
                    new Case(
                        "ExecuteTransaction",
                        JSON.createObjectNode()
                            .set("TransactStatements", JSON.createArrayNode().add(stmt))
                            .toString());
                default -> {
                  if (random.nextInt(4) == 0) {
                    stmt.put("Limit", random.nextInt(3))
                        .put("NextToken", random.nextBoolean() ? "e30" : "%%%");
                  }
                  yield new Case("ExecuteStatement", stmt.toString());
                }
              };
            });
  }

  private static String statement(Random random) {
    switch (random.nextInt(5)) {
      case 0 -> {
        StringBuilder b = new StringBuilder();
        int n = random.nextInt(30);
        for (int i = 0; i < n; i++) {
          b.append(TOKENS.get(random.nextInt(TOKENS.size())))
              .append(random.nextBoolean() ? " " : "");
        }
        return b.toString();
      }
      case 1 -> {
        int depth = random.nextBoolean() ? 10 + random.nextInt(60) : 3000;
        String[] open = {"(", "NOT ", "[", "<<", "size("};
        String o = open[random.nextInt(open.length)];
        String close =
            switch (o) {
              case "(", "size(" -> ")";
              case "[" -> "]";
              case "<<" -> ">>";
              default -> "";
            };
        return "SELECT * FROM \"Pqf\" WHERE " + o.repeat(depth) + "pk = 'p'" + close.repeat(depth);
      }
      default -> {
        String s = SEEDS.get(random.nextInt(SEEDS.size()));
        int edits = random.nextInt(4);
        for (int i = 0; i < edits && !s.isEmpty(); i++) {
          int at = random.nextInt(s.length());
          s =
              switch (random.nextInt(3)) {
                case 0 ->
                    s.substring(0, at)
                        + s.substring(Math.min(s.length(), at + 1 + random.nextInt(5)));
                case 1 ->
                    s.substring(0, at)
                        + TOKENS.get(random.nextInt(TOKENS.size()))
                        + s.substring(at);
                default -> s.substring(0, at) + (char) random.nextInt(0x3000) + s.substring(at);
              };
        }
        return s;
      }
    }
  }

  @Property(tries = 300)
  void shouldNeverAnswerWithA5xx(@ForAll("cases") Case c) throws Exception {
    if (http == null) {
      http = new RawHttp(server.port(), 10_000);
    }
    RawHttp.Response r;
    try {
      r = http.post(PREFIX + c.target(), c.body());
    } catch (IOException e) {
      http.close();
      http = null;
      throw e;
    }
    assertThat(r.status())
        .as(
            "status for %s %s: %s",
            c.target(), c.body(), new String(r.body(), StandardCharsets.UTF_8))
        .isIn(200, 400);
    JsonNode body = JSON.readTree(r.body());
    if (r.status() == 400) {
      assertThat(body.path("__type").asText()).startsWith("com.amazonaws.dynamodb.v20120810#");
      Statistics.collect(
          body.path("__type").asText().replace("com.amazonaws.dynamodb.v20120810#", ""));
    } else {
      Statistics.collect("ok");
    }
  }
}
