package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Random and mutated request bodies for random targets: never a 500, never a hang, always a
 * well-formed error body with a {@code __type}, and a request that failed never changed the table.
 */
class WireFuzzIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TABLE = "Fuzz";
  private static final String PREFIX = "DynamoDB_20120810.";

  private static Path dir;
  private static TributaryEngine engine;
  private static EngineServer server;
  private static RawHttp http;

  @BeforeContainer
  static void start() throws IOException {
    dir = Files.createTempDirectory("wire-fuzz");
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    engine.createTable(
        CreateTableRequest.builder(TABLE)
            .partitionKey("pk", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.N)
            .build());
    for (int i = 0; i < 5; i++) {
      engine.putItem(
          PutItemRequest.of(
              TABLE,
              Map.of(
                  "pk",
                  AttributeValue.s("p"),
                  "sk",
                  AttributeValue.n(i),
                  "v",
                  AttributeValue.s("value" + i))));
    }
    server =
        EngineServer.start(
            engine,
            ServerOptions.builder()
                .port(0)
                .allowAnyCredentials(true)
                .maxBodyBytes(1 << 20)
                .build());
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

  /** One fuzz case: a target and a request body. */
  record Case(String target, byte[] body) {
    @Override
    public String toString() {
      return target + " " + new String(body, 0, Math.min(body.length, 400), StandardCharsets.UTF_8);
    }
  }

  private static final Map<String, String> TEMPLATES =
      Map.ofEntries(
          Map.entry(
              "PutItem",
              "{\"TableName\":\"Fuzz\",\"Item\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"},\"m\":{\"M\":{\"l\":{\"L\":[{\"SS\":[\"a\"]},{\"NULL\":true}]}}}},\"ConditionExpression\":\"attribute_not_exists(pk)\",\"ReturnValues\":\"ALL_OLD\",\"ReturnValuesOnConditionCheckFailure\":\"ALL_OLD\"}"),
          Map.entry(
              "GetItem",
              "{\"TableName\":\"Fuzz\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"}},\"ProjectionExpression\":\"#v\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},\"ConsistentRead\":true}"),
          Map.entry(
              "UpdateItem",
              "{\"TableName\":\"Fuzz\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"2\"}},\"UpdateExpression\":\"SET #v = :v ADD c :one\",\"ConditionExpression\":\"attribute_not_exists(pk)\",\"ExpressionAttributeNames\":{\"#v\":\"v\"},\"ExpressionAttributeValues\":{\":v\":{\"S\":\"x\"},\":one\":{\"N\":\"1\"}},\"ReturnValues\":\"ALL_NEW\"}"),
          Map.entry(
              "DeleteItem",
              "{\"TableName\":\"Fuzz\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"3\"}},\"ConditionExpression\":\"v = :v\",\"ExpressionAttributeValues\":{\":v\":{\"S\":\"nope\"}}}"),
          Map.entry(
              "Query",
              "{\"TableName\":\"Fuzz\",\"KeyConditionExpression\":\"pk = :p AND sk > :s\",\"FilterExpression\":\"size(v) > :z\",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"p\"},\":s\":{\"N\":\"0\"},\":z\":{\"N\":\"1\"}},\"Limit\":2,\"ScanIndexForward\":false,\"ExclusiveStartKey\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"4\"}},\"Select\":\"ALL_ATTRIBUTES\"}"),
          Map.entry(
              "Scan",
              "{\"TableName\":\"Fuzz\",\"Segment\":0,\"TotalSegments\":2,\"Limit\":3,\"FilterExpression\":\"begins_with(v, :b)\",\"ExpressionAttributeValues\":{\":b\":{\"S\":\"val\"}},\"ReturnConsumedCapacity\":\"INDEXES\"}"),
          Map.entry(
              "BatchGetItem",
              "{\"RequestItems\":{\"Fuzz\":{\"Keys\":[{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"}}],\"ProjectionExpression\":\"v\"}}}"),
          Map.entry(
              "BatchWriteItem",
              "{\"RequestItems\":{\"Fuzz\":[{\"PutRequest\":{\"Item\":{\"pk\":{\"S\":\"q\"},\"sk\":{\"N\":\"1\"}}}},{\"DeleteRequest\":{\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"0\"}}}}]}}"),
          Map.entry(
              "TransactWriteItems",
              "{\"TransactItems\":[{\"Put\":{\"TableName\":\"Fuzz\",\"Item\":{\"pk\":{\"S\":\"t\"},\"sk\":{\"N\":\"1\"}}}},{\"ConditionCheck\":{\"TableName\":\"Fuzz\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"}},\"ConditionExpression\":\"attribute_not_exists(pk)\"}}],\"ClientRequestToken\":\"tok\"}"),
          Map.entry(
              "TransactGetItems",
              "{\"TransactItems\":[{\"Get\":{\"TableName\":\"Fuzz\",\"Key\":{\"pk\":{\"S\":\"p\"},\"sk\":{\"N\":\"1\"}}}}]}"),
          Map.entry(
              "CreateTable",
              "{\"TableName\":\"FuzzNew\",\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}],\"AttributeDefinitions\":[{\"AttributeName\":\"a\",\"AttributeType\":\"S\"}],\"BillingMode\":\"PROVISIONED\",\"ProvisionedThroughput\":{\"ReadCapacityUnits\":1,\"WriteCapacityUnits\":1},\"GlobalSecondaryIndexes\":[{\"IndexName\":\"g\",\"KeySchema\":[{\"AttributeName\":\"a\",\"KeyType\":\"HASH\"}],\"Projection\":{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"x\"]}}]}"),
          Map.entry(
              "UpdateTable",
              "{\"TableName\":\"FuzzOther\",\"BillingMode\":\"PAY_PER_REQUEST\",\"StreamSpecification\":{\"StreamEnabled\":true,\"StreamViewType\":\"NEW_IMAGE\"}}"),
          Map.entry("DeleteTable", "{\"TableName\":\"FuzzOther\"}"),
          Map.entry("DescribeTable", "{\"TableName\":\"Fuzz\"}"),
          Map.entry("ListTables", "{\"Limit\":5,\"ExclusiveStartTableName\":\"A\"}"),
          Map.entry(
              "UpdateTimeToLive",
              "{\"TableName\":\"FuzzOther\",\"TimeToLiveSpecification\":{\"Enabled\":true,\"AttributeName\":\"ttl\"}}"),
          Map.entry("DescribeTimeToLive", "{\"TableName\":\"Fuzz\"}"),
          Map.entry(
              "TagResource",
              "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz\",\"Tags\":[{\"Key\":\"k\",\"Value\":\"v\"}]}"),
          Map.entry(
              "ListTagsOfResource",
              "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/Fuzz\"}"));

  private static final List<String> OPERATIONS = new ArrayList<>(TEMPLATES.keySet());

  @Provide
  Arbitrary<Case> cases() {
    Arbitrary<String> op = Arbitraries.of(OPERATIONS);
    Arbitrary<String> target =
        Arbitraries.frequencyOf(
            Tuple.of(12, op.map(o -> PREFIX + o)),
            Tuple.of(1, Arbitraries.strings().ofMaxLength(40)),
            Tuple.of(
                1,
                Arbitraries.of(
                    PREFIX + "DescribeLimits",
                    "DynamoDBStreams_20120810.GetRecords",
                    PREFIX,
                    PREFIX + "putitem")));
    Arbitrary<Integer> mutations = Arbitraries.integers().between(0, 4);
    return Combinators.combine(
            target, op, Arbitraries.integers().between(0, 4), mutations, Arbitraries.longs())
        .as(
            (t, other, sameOp, n, seed) -> {
              String op0 =
                  t.startsWith(PREFIX)
                          && sameOp > 0
                          && TEMPLATES.containsKey(t.substring(PREFIX.length()))
                      ? t.substring(PREFIX.length())
                      : other;
              String template = TEMPLATES.get(op0);
              if (t.equals(PREFIX + "DeleteTable")) {
                template =
                    template.replace("\"Fuzz\"", "\"FuzzOther\""); // never drop the fuzzed table
              }
              return new Case(t, mutate(template, n, new Random(seed)));
            });
  }

  @Property(tries = 400)
  void shouldNeverFailServerSideHangOrChangeTheTableOnAnError(@ForAll("cases") Case c)
      throws Exception {
    List<Map<String, AttributeValue>> before = snapshot();
    RawHttp.Response r = send(c);
    assertThat(r.status()).as("status for %s", c).isIn(200, 400, 413);
    if (r.status() == 200) {
      Statistics.collect("ok");
    } else {
      JsonNode body = JSON.readTree(r.body());
      Statistics.collect(
          body.path("__type").asText().replace("com.amazonaws.dynamodb.v20120810#", ""));
      assertThat(body.path("__type").asText())
          .as("error body %s", r.text())
          .startsWith("com.amazonaws.dynamodb.v20120810#");
      // DynamoDB's SerializationException for malformed JSON carries no message
      assertThat(
              body.has("message")
                  || body.has("Message")
                  || body.path("__type").asText().endsWith("#SerializationException"))
          .isTrue();
      assertThat(r.text()).doesNotContain("\tat ");
      assertThat(snapshot()).as("table after failed %s", c).isEqualTo(before);
    }
  }

  private static RawHttp.Response send(Case c) throws IOException {
    if (http == null) {
      http = new RawHttp(server.port(), 10_000);
    }
    try {
      RawHttp.Response r = http.post(c.target().replaceAll("[\\r\\n]", ""), c.body());
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

  private static List<Map<String, AttributeValue>> snapshot() {
    return engine.scan(ScanRequest.builder(TABLE).consistentRead(true).build()).items();
  }

  // ---- mutations -------------------------------------------------------------------------

  static byte[] mutate(String template, int count, Random random) {
    if (random.nextInt(10) == 0) {
      byte[] bytes = new byte[random.nextInt(300)];
      random.nextBytes(bytes);
      return bytes;
    }
    try {
      JsonNode root = JSON.readTree(template);
      for (int i = 0; i < count; i++) {
        mutateTree(root, random);
      }
      String text =
          JSON.writeValueAsString(root)
              .replace("\"__HUGE__\"", random.nextBoolean() ? "1e999999999" : "9".repeat(400))
              .replace("\"__DEEP__\"", deep(random));
      if (random.nextInt(8) == 0 && !text.isEmpty()) {
        int at = random.nextInt(text.length());
        text =
            random.nextBoolean()
                ? text.substring(0, at)
                : text.substring(0, at) + (char) random.nextInt(128) + text.substring(at);
      }
      return text.getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String deep(Random random) {
    int depth = random.nextBoolean() ? 40 + random.nextInt(40) : 2000;
    if (random.nextBoolean()) {
      return "[".repeat(depth) + "]".repeat(depth);
    }
    return "{\"M\":{\"a\":".repeat(depth) + "{\"S\":\"x\"}" + "}}".repeat(depth);
  }

  private static void mutateTree(JsonNode root, Random random) {
    List<JsonNode> containers = new ArrayList<>();
    collect(root, containers);
    JsonNode target = containers.get(random.nextInt(containers.size()));
    if (target instanceof ObjectNode o && o.size() > 0) {
      List<String> names = new ArrayList<>();
      o.fieldNames().forEachRemaining(names::add);
      String name = names.get(random.nextInt(names.size()));
      switch (random.nextInt(4)) {
        case 0 -> o.remove(name);
        case 1 -> o.set(name, replacement(random));
        case 2 -> {
          JsonNode v = o.remove(name);
          o.set(name.isEmpty() ? "X" : name.substring(1) + name.charAt(0), v);
        }
        default -> o.set(randomName(random), replacement(random));
      }
    } else if (target instanceof ArrayNode a) {
      if (a.size() > 0 && random.nextBoolean()) {
        a.set(random.nextInt(a.size()), replacement(random));
      } else {
        a.add(replacement(random));
      }
    }
  }

  private static void collect(JsonNode node, List<JsonNode> out) {
    if (node.isContainerNode()) {
      out.add(node);
      for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
        collect(it.next(), out);
      }
    }
  }

  private static String randomName(Random random) {
    String[] names = {
      "S",
      "N",
      "B",
      "BOOL",
      "NULL",
      "M",
      "L",
      "SS",
      "NS",
      "BS",
      "TableName",
      "Key",
      "Item",
      "Limit",
      "Select",
      "ExclusiveStartKey",
      "ExpressionAttributeValues",
      "Expected",
      "AttributesToGet",
      ""
    };
    return names[random.nextInt(names.length)];
  }

  private static JsonNode replacement(Random random) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    return switch (random.nextInt(14)) {
      case 0 -> f.nullNode();
      case 1 -> f.booleanNode(random.nextBoolean());
      case 2 -> f.numberNode(random.nextLong());
      case 3 -> f.numberNode(random.nextDouble() * 1e300);
      case 4 -> f.textNode("");
      case 5 -> f.textNode("x".repeat(random.nextInt(2000)));
      case 6 -> f.textNode("__HUGE__");
      case 7 -> f.textNode("__DEEP__");
      case 8 -> f.arrayNode();
      case 9 -> f.objectNode();
      case 10 -> f.objectNode().put("S", "p");
      case 11 ->
          f.objectNode()
              .put(
                  "N",
                  random.nextBoolean()
                      ? "1e126"
                      : "-0.000000000000000000000000000000000000000000001");
      case 12 ->
          f.textNode(
              List.of("#v", ":v", "a.b[1]", "SET", "attribute_exists(", "ALL_OLD", "COUNT", "HASH")
                  .get(random.nextInt(8)));
      default -> f.objectNode().set("L", f.arrayNode().add(f.objectNode().put("BOOL", true)));
    };
  }
}
