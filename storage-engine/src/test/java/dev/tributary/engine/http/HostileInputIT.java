package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Hostile expressions and documents over the wire: random and deeply nested condition, filter,
 * key-condition, update and projection expressions, and documents nested past DynamoDB's limit,
 * never answer 5xx; the limits answer DynamoDB's ValidationException messages.
 */
class HostileInputIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final String TABLE = "Hostile";
  private static final String PREFIX = "DynamoDB_20120810.";

  private static Path dir;
  private static TributaryEngine engine;
  private static EngineServer server;
  private static RawHttp http;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("hostile-input");
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    engine.createTable(
        CreateTableRequest.builder(TABLE)
            .partitionKey("p", ScalarAttributeType.S)
            .sortKey("c", ScalarAttributeType.S)
            .build());
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Map.of(
                "p",
                AttributeValue.s("x"),
                "c",
                AttributeValue.s("y"),
                "a",
                AttributeValue.n(1),
                "b",
                AttributeValue.n(2))));
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

  // ---- properties ------------------------------------------------------------------------

  /** Where an expression goes: the operation and the member. */
  enum Slot {
    CONDITION("UpdateItem", "ConditionExpression"),
    UPDATE("UpdateItem", "UpdateExpression"),
    PROJECTION("GetItem", "ProjectionExpression"),
    KEY_CONDITION("Query", "KeyConditionExpression"),
    FILTER("Scan", "FilterExpression");

    final String operation;
    final String member;

    Slot(String operation, String member) {
      this.operation = operation;
      this.member = member;
    }
  }

  @Property(tries = 300)
  void anyExpressionIsNeverAServerError(@ForAll Slot slot, @ForAll("expressions") String expression)
      throws IOException {
    RawHttp.Response r = send(slot.operation, request(slot, expression));
    assertThat(r.status())
        .as("%s = %s: %s", slot.member, abbreviate(expression), r.text())
        .isLessThan(500);
  }

  @Property(tries = 60)
  void anyDocumentIsNeverAServerError(@ForAll("depths") int depth, @ForAll boolean lists)
      throws IOException {
    // written as text: past 1,000 JSON levels no JSON library writes it
    String open = lists ? "{\"L\":[" : "{\"M\":{\"k\":";
    String close = lists ? "]}" : "}}";
    String doc = open.repeat(depth) + "{\"S\":\"leaf\"}" + close.repeat(depth);
    String item = "{\"p\":{\"S\":\"x\"},\"c\":{\"S\":\"y\"},\"doc\":" + doc + "}";
    RawHttp.Response r =
        send(
            "PutItem",
            ("{\"TableName\":\"" + TABLE + "\",\"Item\":" + item + "}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as("depth %d: %s", depth, r.text()).isIn(200, 400);
    if (depth > 31 && depth < 490) {
      assertThat(r.text()).contains("Nesting Levels have exceeded supported limits");
    }
  }

  @Provide
  Arbitrary<Integer> depths() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 40), Arbitraries.integers().between(40, 5000));
  }

  @Provide
  Arbitrary<String> expressions() {
    Arbitrary<String> atom =
        Arbitraries.of(
            "a",
            "b",
            "#n",
            ":v",
            "p",
            "c",
            "a.b",
            "a[0]",
            "size(a)",
            "(",
            ")",
            ",",
            "=",
            "<",
            "<>",
            ">=",
            "AND",
            "OR",
            "NOT",
            "BETWEEN",
            "IN",
            "SET",
            "REMOVE",
            "ADD",
            "DELETE",
            "+",
            "-",
            "attribute_exists(a)",
            "begins_with(c, :v)",
            "f(",
            "size(",
            "list_append(",
            "if_not_exists(",
            "[",
            "]",
            ".",
            "\u00e9",
            "");
    Arbitrary<String> random = atom.list().ofMaxSize(40).map(l -> String.join(" ", l));
    Arbitrary<Integer> depth = Arbitraries.integers().between(1, 5000);
    Arbitrary<String> nested =
        Combinators.combine(
                Arbitraries.of(
                    "NOT ", "(", "f(", "size(", "a < b AND (", "list_append(a, ", "a.", "a["),
                depth,
                Arbitraries.of("a < b", ":v", "b", "0]"),
                Arbitraries.of(")", "", "]"))
            .as((open, n, middle, close) -> open.repeat(n) + middle + close.repeat(n));
    return Arbitraries.oneOf(random, nested, Arbitraries.strings().ofMaxLength(200));
  }

  // ---- DynamoDB's limits and messages ---------------------------------------------------------

  @Example
  void expressionsOver4096BytesAreRefusedBeforeParsing() throws IOException {
    RawHttp.Response r = send("UpdateItem", request(Slot.CONDITION, "(".repeat(15_000)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text())
        .contains("ValidationException")
        .contains(
            "Invalid ConditionExpression: Expression size has exceeded the maximum allowed size;"
                + " expression size: 15000");
    String spaces = " ".repeat(4096 - "SETz = :v".length());
    assertThat(send("GetItem", request(Slot.PROJECTION, "x".repeat(4096))).status()).isEqualTo(200);
    r = send("UpdateItem", request(Slot.UPDATE, "SET" + spaces + "z = :v"));
    assertThat(r.status()).as(r.text()).isEqualTo(200);
    r = send("UpdateItem", request(Slot.UPDATE, "SET " + spaces + "z = :v"));
    assertThat(r.text()).contains("Invalid UpdateExpression: Expression size has exceeded");
  }

  @Example
  void moreThan300OperatorsAreRefused() throws IOException {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Map.of(
                "p",
                AttributeValue.s("x"),
                "c",
                AttributeValue.s("y"),
                "a",
                AttributeValue.n(1),
                "b",
                AttributeValue.n(2))));
    String ok = "a<b " + "or (a<b ".repeat(149) + ")".repeat(149);
    RawHttp.Response okResponse = send("UpdateItem", request(Slot.CONDITION, ok));
    assertThat(okResponse.status()).as(okResponse.text()).isEqualTo(200);
    String tooMany = "a<b " + "or (a<b ".repeat(454) + ")".repeat(454);
    RawHttp.Response r = send("UpdateItem", request(Slot.CONDITION, tooMany));
    assertThat(r.text())
        .contains(
            "Invalid ConditionExpression: The expression contains too many operators; operator count: 301");
    r = send("UpdateItem", request(Slot.CONDITION, "not ".repeat(1000) + "a<b"));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("too many operators");
  }

  @Example
  void deepParenthesesAndFunctionsAreValidationErrors() throws IOException {
    RawHttp.Response r =
        send("UpdateItem", request(Slot.CONDITION, "(".repeat(2046) + "a<b" + ")".repeat(2046)));
    assertThat(r.text())
        .contains("Invalid ConditionExpression: The expression has redundant parentheses;");
    r =
        send(
            "UpdateItem",
            request(Slot.CONDITION, "a < " + "f(".repeat(1355) + "b" + ")".repeat(1355)));
    assertThat(r.text())
        .contains("Invalid ConditionExpression: Invalid function name; function: f");
    r =
        send(
            "UpdateItem",
            request(Slot.CONDITION, "a < " + "size(".repeat(680) + "b" + ")".repeat(680)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("Invalid ConditionExpression");
    r = send("UpdateItem", request(Slot.CONDITION, "(".repeat(4096)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("Invalid ConditionExpression");
  }

  @Example
  void documentsNestAt31LevelsButNot32() throws IOException {
    ObjectNode item = key();
    item.set("doc", nested(31, false));
    assertThat(send("PutItem", body(b -> b.set("Item", item))).status()).isEqualTo(200);
    item.set("doc", nested(32, false));
    RawHttp.Response r = send("PutItem", body(b -> b.set("Item", item)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text())
        .contains("ValidationException")
        .contains(
            "Nesting Levels have exceeded supported limits: Attributes in the item have nested levels"
                + " beyond supported limit");
    // nesting by an update is caught on the resulting item
    ObjectNode values = NODES.objectNode();
    values.set(":v", nested(20, true));
    r =
        send(
            "UpdateItem",
            body(
                b -> {
                  b.set("Key", key());
                  b.put(
                      "UpdateExpression",
                      "SET deep = :v, deep[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0] = :v");
                  b.set("ExpressionAttributeValues", values);
                }));
    assertThat(r.status()).isEqualTo(400);
  }

  @Example
  void attributeNamesUpTo65535BytesAreLegal() throws IOException {
    String legal = "n".repeat(65_535);
    ObjectNode item = key();
    item.set(legal, scalar("S", "v"));
    assertThat(send("PutItem", body(b -> b.set("Item", item))).status()).isEqualTo(200);
    ObjectNode names = NODES.objectNode().put("#n", legal);
    RawHttp.Response r =
        send(
            "GetItem",
            body(
                b -> {
                  b.set("Key", key());
                  b.put("ProjectionExpression", "#n");
                  b.set("ExpressionAttributeNames", names);
                }));
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.text()).contains(legal);
    ObjectNode tooLong = key();
    tooLong.set(legal + "n", scalar("S", "v"));
    r = send("PutItem", body(b -> b.set("Item", tooLong)));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.text()).contains("Attribute name is too large, must be less than 65536 bytes");
  }

  // ---- helpers ---------------------------------------------------------------------------

  private static JsonNode nested(int depth, boolean lists) {
    JsonNode v = scalar("S", "leaf");
    for (int i = 0; i < depth; i++) {
      ObjectNode wrap = NODES.objectNode();
      if (lists) {
        wrap.set("L", NODES.arrayNode().add(v));
      } else {
        wrap.set("M", NODES.objectNode().set("k", v));
      }
      v = wrap;
    }
    return v;
  }

  private static ObjectNode scalar(String type, String value) {
    return NODES.objectNode().put(type, value);
  }

  private static ObjectNode key() {
    ObjectNode key = NODES.objectNode();
    key.set("p", scalar("S", "x"));
    key.set("c", scalar("S", "y"));
    return key;
  }

  private static byte[] request(Slot slot, String expression) throws IOException {
    return body(
        b -> {
          b.put(slot.member, expression);
          ObjectNode values = NODES.objectNode();
          values.set(":v", scalar("S", "y"));
          ObjectNode names = NODES.objectNode().put("#n", "a");
          switch (slot) {
            case CONDITION -> {
              b.set("Key", key());
              b.put("UpdateExpression", "SET z = :v");
            }
            case UPDATE, PROJECTION -> b.set("Key", key());
            default -> {}
          }
          if (expression.contains(":v") || slot == Slot.CONDITION) {
            b.set("ExpressionAttributeValues", values);
          }
          if (expression.contains("#n")) {
            b.set("ExpressionAttributeNames", names);
          }
        });
  }

  private interface Filler {
    void fill(ObjectNode body);
  }

  private static byte[] body(Filler filler) throws IOException {
    ObjectNode b = NODES.objectNode().put("TableName", TABLE);
    filler.fill(b);
    return JSON.writeValueAsBytes(b);
  }

  private static RawHttp.Response send(String operation, byte[] body) throws IOException {
    if (http == null) {
      http = new RawHttp(server.port(), 30_000);
    }
    try {
      RawHttp.Response r = http.post(PREFIX + operation, body);
      if ("close".equalsIgnoreCase(r.headers().get("connection"))) {
        http.close();
        http = null;
      }
      return r;
    } catch (IOException e) {
      http.close();
      http = null;
      throw e;
    }
  }

  private static String abbreviate(String s) {
    return s.length() <= 120 ? s : s.substring(0, 120) + "... (" + s.length() + " chars)";
  }
}
