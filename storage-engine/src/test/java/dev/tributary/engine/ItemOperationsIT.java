package dev.tributary.engine;

import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.ns;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.InvalidAttributeValueException;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.GetItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ReturnValue;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.ScanRequest;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.engine.model.WriteItemResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PutItem, GetItem, UpdateItem, DeleteItem: return values, update actions and validation. */
class ItemOperationsIT {
  static final String TABLE = "Things";

  @TempDir Path dir;
  TributaryEngine engine;

  @BeforeEach
  void open() {
    engine = TributaryEngine.open(EngineOptions.builder(dir).syncWrites(false).build());
    engine.createTable(
        CreateTableRequest.builder(TABLE)
            .partitionKey("pk", ScalarAttributeType.S)
            .sortKey("sk", ScalarAttributeType.N)
            .stream(StreamViewType.NEW_AND_OLD_IMAGES)
            .build());
  }

  @AfterEach
  void close() {
    engine.close();
  }

  private static Map<String, AttributeValue> key(String pk, long sk) {
    return Map.of("pk", s(pk), "sk", n(sk));
  }

  private Map<String, AttributeValue> seed() {
    Map<String, AttributeValue> item =
        Item.builder().s("pk", "a").n("sk", 1).n("count", 1).s("label", "x").build();
    engine.putItem(PutItemRequest.of(TABLE, item));
    return item;
  }

  private Map<String, AttributeValue> get(String pk, long sk) {
    return engine.getItem(GetItemRequest.of(TABLE, key(pk, sk)).consistent()).item().orElse(null);
  }

  private UpdateItemRequest.Builder update(String expression) {
    return UpdateItemRequest.builder(TABLE, key("a", 1)).update(expression);
  }

  // ---- ReturnValues --------------------------------------------------------------------------

  @Test
  void shouldReturnNothingOrTheOldItemFromPut() {
    Map<String, AttributeValue> first = seed();
    Map<String, AttributeValue> second =
        Item.builder().s("pk", "a").n("sk", 1).n("count", 2).build();

    assertThat(engine.putItem(PutItemRequest.builder(TABLE, second).build()).attributes())
        .isEmpty();
    assertThat(
            engine
                .putItem(
                    PutItemRequest.builder(TABLE, first).returnValues(ReturnValue.ALL_OLD).build())
                .attributes())
        .contains(second);
    Map<String, AttributeValue> fresh = Item.builder().s("pk", "new").n("sk", 1).build();
    assertThat(
            engine
                .putItem(
                    PutItemRequest.builder(TABLE, fresh).returnValues(ReturnValue.ALL_OLD).build())
                .attributes())
        .isEmpty();
  }

  @Test
  void shouldRejectPutWithUpdatedReturnValues() {
    seed();
    assertUnchangedAfter(
        () ->
            engine.putItem(
                PutItemRequest.builder(TABLE, Item.builder().s("pk", "a").n("sk", 1).build())
                    .returnValues(ReturnValue.UPDATED_NEW)
                    .build()),
        "Return values set to invalid value");
  }

  @Test
  void shouldReturnEachKindOfUpdateReturnValues() {
    Map<String, AttributeValue> old =
        Item.builder().s("pk", "a").n("sk", 1).n("count", 1).s("label", "x").s("keep", "k").build();
    String expression = "SET #c = #c + :one, added = :v REMOVE label";
    Map<ReturnValue, Map<String, AttributeValue>> expected = new HashMap<>();
    Map<String, AttributeValue> updated =
        Item.builder().s("pk", "a").n("sk", 1).n("count", 2).s("keep", "k").s("added", "v").build();
    expected.put(ReturnValue.ALL_OLD, old);
    expected.put(ReturnValue.ALL_NEW, updated);
    expected.put(ReturnValue.UPDATED_OLD, Map.of("count", n(1), "label", s("x")));
    expected.put(ReturnValue.UPDATED_NEW, Map.of("count", n(2), "added", s("v")));
    for (ReturnValue rv : ReturnValue.values()) {
      engine.putItem(PutItemRequest.of(TABLE, old));
      WriteItemResponse r =
          engine.updateItem(
              update(expression)
                  .name("#c", "count")
                  .value(":one", n(1))
                  .value(":v", s("v"))
                  .returnValues(rv)
                  .build());
      if (rv == ReturnValue.NONE) {
        assertThat(r.attributes()).as(rv.name()).isEmpty();
      } else {
        assertThat(r.attributes()).as(rv.name()).contains(expected.get(rv));
      }
      assertThat(get("a", 1)).isEqualTo(updated);
    }
  }

  @Test
  void shouldReturnOldItemFromDelete() {
    Map<String, AttributeValue> item = seed();
    assertThat(
            engine
                .deleteItem(
                    DeleteItemRequest.builder(TABLE, key("a", 1))
                        .returnValues(ReturnValue.ALL_OLD)
                        .build())
                .attributes())
        .contains(item);
    assertThat(get("a", 1)).isNull();
    assertThat(
            engine
                .deleteItem(
                    DeleteItemRequest.builder(TABLE, key("a", 1))
                        .returnValues(ReturnValue.ALL_OLD)
                        .build())
                .attributes())
        .isEmpty();
  }

  @Test
  void shouldReturnItemOnConditionCheckFailureOnlyWhenAsked() {
    Map<String, AttributeValue> item = seed();

    assertThatThrownBy(
            () ->
                engine.updateItem(
                    update("SET #c = :v")
                        .name("#c", "count")
                        .value(":v", n(9))
                        .condition("label = :no")
                        .value(":no", s("nope"))
                        .returnOldItemOnConditionCheckFailure(true)
                        .build()))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> {
              assertThat(e.getMessage()).isEqualTo("The conditional request failed");
              assertThat(e.item()).contains(item);
            });
    assertThatThrownBy(
            () ->
                engine.updateItem(
                    update("SET #c = :v")
                        .name("#c", "count")
                        .value(":v", n(9))
                        .condition("label = :no")
                        .value(":no", s("nope"))
                        .build()))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class, e -> assertThat(e.item()).isEmpty());
    assertThatThrownBy(
            () ->
                engine.deleteItem(
                    DeleteItemRequest.builder(TABLE, key("a", 1))
                        .condition("attribute_not_exists(pk)")
                        .returnOldItemOnConditionCheckFailure(true)
                        .build()))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class, e -> assertThat(e.item()).contains(item));
    assertThatThrownBy(
            () ->
                engine.putItem(
                    PutItemRequest.builder(TABLE, Item.builder().s("pk", "b").n("sk", 1).build())
                        .condition("attribute_exists(pk)")
                        .returnOldItemOnConditionCheckFailure(true)
                        .build()))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class, e -> assertThat(e.item()).isEmpty());
    assertThat(get("a", 1)).isEqualTo(item);
    assertThat(get("b", 1)).isNull();
    assertThat(engine.changeStream(TABLE).latestSequence()).isEqualTo(1);
  }

  // ---- update actions ------------------------------------------------------------------------

  @Test
  void shouldSetWithPlusAndMinus() {
    engine.putItem(
        PutItemRequest.of(
            TABLE, Item.builder().s("pk", "a").n("sk", 1).n("up", "1.5").n("down", 10).build()));
    engine.updateItem(
        update("SET up = up + :d, down = down - :d, fresh = :d - down")
            .value(":d", n("0.25"))
            .build());
    assertThat(get("a", 1))
        .containsEntry("up", n("1.75"))
        .containsEntry("down", n("9.75"))
        .containsEntry("fresh", n("-9.75"));
  }

  @Test
  void shouldSetWithIfNotExists() {
    seed();
    UpdateItemRequest views =
        update("SET #v = if_not_exists(#v, :zero) + :one, label = if_not_exists(label, :other)")
            .name("#v", "views")
            .value(":zero", n(0))
            .value(":one", n(1))
            .value(":other", s("other"))
            .build();
    engine.updateItem(views);
    engine.updateItem(views);
    assertThat(get("a", 1)).containsEntry("views", n(2)).containsEntry("label", s("x"));
  }

  @Test
  void shouldAppendAndPrependWithListAppend() {
    engine.putItem(
        PutItemRequest.of(
            TABLE, Item.builder().s("pk", "a").n("sk", 1).l("tags", List.of(s("b"))).build()));
    engine.updateItem(
        update("SET tags = list_append(tags, :end)").value(":end", l(s("c"), s("d"))).build());
    engine.updateItem(
        update("SET tags = list_append(:start, tags)").value(":start", l(s("a"))).build());
    engine.updateItem(
        update("SET extra = list_append(if_not_exists(extra, :empty), :x)")
            .value(":empty", l())
            .value(":x", l(n(1)))
            .build());
    assertThat(get("a", 1))
        .containsEntry("tags", l(s("a"), s("b"), s("c"), s("d")))
        .containsEntry("extra", l(n(1)));
  }

  @Test
  void shouldRemoveAttributesAndListElements() {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("pk", "a")
                .n("sk", 1)
                .s("gone", "g")
                .l("letters", List.of(s("a"), s("b"), s("c"), s("d")))
                .build()));
    engine.updateItem(update("REMOVE gone, letters[0], letters[2], notThere").build());
    assertThat(get("a", 1)).doesNotContainKey("gone").containsEntry("letters", l(s("b"), s("d")));
  }

  @Test
  void shouldAddNumbersAndSetMembers() {
    engine.putItem(
        PutItemRequest.of(
            TABLE, Item.builder().s("pk", "a").n("sk", 1).n("qty", 5).ss("colors", "red").build()));
    engine.updateItem(
        update("ADD qty :n, newCounter :n, colors :c, sizes :s")
            .value(":n", n(-2))
            .value(":c", ss("blue", "red"))
            .value(":s", ns("1", "2"))
            .build());
    assertThat(get("a", 1))
        .containsEntry("qty", n(3))
        .containsEntry("newCounter", n(-2))
        .containsEntry("colors", ss("red", "blue"))
        .containsEntry("sizes", ns("2", "1"));
  }

  @Test
  void shouldDeleteSetMembersAndDropEmptiedSets() {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("pk", "a")
                .n("sk", 1)
                .ss("colors", "red", "blue", "green")
                .put("odd", ns("1"))
                .build()));
    engine.updateItem(
        update("DELETE colors :c, odd :o, absent :c")
            .value(":c", ss("blue", "pink"))
            .value(":o", ns("1"))
            .build());
    assertThat(get("a", 1))
        .containsEntry("colors", ss("red", "green"))
        .doesNotContainKey("odd")
        .doesNotContainKey("absent");
  }

  @Test
  void shouldUpdateNestedMapAndListPaths() {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("pk", "a")
                .n("sk", 1)
                .m("address", Map.of("city", s("Oslo"), "lines", l(s("l0"), s("l1"))))
                .l("matrix", List.of(l(n(1), n(2)), m(Map.of("deep", bool(false)))))
                .build()));
    engine.updateItem(
        update(
                "SET address.city = :c, #a.#l[1] = :line, matrix[0][1] = :two, matrix[1].deep = :t,"
                    + " address.zip = :zip REMOVE address.#l[0]")
            .name("#a", "address")
            .name("#l", "lines")
            .value(":c", s("Bergen"))
            .value(":line", s("L1"))
            .value(":two", n(22))
            .value(":t", bool(true))
            .value(":zip", s("5003"))
            .build());
    Map<String, AttributeValue> item = get("a", 1);
    assertThat(item.get("address"))
        .isEqualTo(m(Map.of("city", s("Bergen"), "lines", l(s("L1")), "zip", s("5003"))));
    assertThat(item.get("matrix")).isEqualTo(l(l(n(1), n(22)), m(Map.of("deep", bool(true)))));

    assertUnchangedAfter(
        () -> engine.updateItem(update("SET nowhere.city = :c").value(":c", s("x")).build()),
        "The document path provided in the update expression is invalid for update");
  }

  @Test
  void shouldCreateItemWhenUpdatingAMissingKey() {
    WriteItemResponse r =
        engine.updateItem(
            UpdateItemRequest.builder(TABLE, key("new", 7))
                .update("SET v = :v")
                .value(":v", s("x"))
                .returnValues(ReturnValue.ALL_NEW)
                .build());
    assertThat(r.attributes()).contains(Map.of("pk", s("new"), "sk", n(7), "v", s("x")));
    assertThat(get("new", 7)).isEqualTo(Map.of("pk", s("new"), "sk", n(7), "v", s("x")));
  }

  // ---- validation: each leaves the table as it was -------------------------------------------

  @Test
  void shouldRejectPutWithMissingKey() {
    seed();
    assertUnchangedAfter(
        () ->
            engine.putItem(
                PutItemRequest.of(TABLE, Item.builder().s("pk", "b").s("v", "x").build())),
        "One or more parameter values were invalid: Missing the key sk in the item");
  }

  @Test
  void shouldRejectPutWithKeyTypeMismatch() {
    seed();
    assertUnchangedAfter(
        () ->
            engine.putItem(
                PutItemRequest.of(TABLE, Item.builder().s("pk", "b").s("sk", "1").build())),
        "One or more parameter values were invalid: Type mismatch for key sk expected: N actual: S");
  }

  @Test
  void shouldRejectGetAndUpdateWithKeyNotMatchingSchema() {
    seed();
    assertUnchangedAfter(
        () -> engine.getItem(GetItemRequest.of(TABLE, Map.of("pk", s("a"), "sk", s("1")))),
        "The provided key element does not match the schema");
    assertUnchangedAfter(
        () ->
            engine.updateItem(
                UpdateItemRequest.builder(TABLE, Map.of("pk", s("a")))
                    .update("SET v = :v")
                    .value(":v", s("x"))
                    .build()),
        "The provided key element does not match the schema");
    assertUnchangedAfter(
        () ->
            engine.deleteItem(
                DeleteItemRequest.of(TABLE, Map.of("pk", s("a"), "sk", n(1), "extra", s("x")))),
        "The provided key element does not match the schema");
  }

  @Test
  void shouldRejectEmptyStringKey() {
    seed();
    assertUnchangedAfter(
        () ->
            engine.putItem(PutItemRequest.of(TABLE, Item.builder().s("pk", "").n("sk", 1).build())),
        "One or more parameter values are not valid. The AttributeValue for a key attribute cannot"
            + " contain an empty string value. Key: pk");
  }

  @Test
  void shouldRejectItemOver400Kb() {
    seed();
    String big = "x".repeat(400 * 1024);
    assertUnchangedAfter(
        () ->
            engine.putItem(
                PutItemRequest.of(
                    TABLE, Item.builder().s("pk", "a").n("sk", 1).s("blob", big).build())),
        "Item size has exceeded the maximum allowed size");
    String almost = "y".repeat(300 * 1024);
    engine.putItem(
        PutItemRequest.of(TABLE, Item.builder().s("pk", "a").n("sk", 1).s("blob", almost).build()));
    Map<String, AttributeValue> before = get("a", 1);
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET more = :m").value(":m", s(almost)).build()),
        "Item size has exceeded the maximum allowed size");
    assertThat(get("a", 1)).isEqualTo(before);
  }

  @Test
  void shouldRejectDuplicateSetValues() {
    assertThatThrownBy(() -> ss("red", "red"))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessage(
            "One or more parameter values were invalid: Input collection [red, red] contains duplicates.");
    assertThatThrownBy(() -> ns("1", "1.0"))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessageStartingWith("One or more parameter values were invalid: Input collection [")
        .hasMessageEndingWith("] contains duplicates.");
  }

  @Test
  void shouldRejectNumbersOutOfRange() {
    assertThatThrownBy(() -> n("1E+126"))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessage(
            "Number overflow. Attempting to store a number with magnitude larger than supported range");
    assertThatThrownBy(() -> n("1E-131"))
        .isInstanceOf(InvalidAttributeValueException.class)
        .hasMessage(
            "Number underflow. Attempting to store a number with magnitude smaller than supported range");
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("pk", "a")
                .n("sk", 1)
                .n("huge", "9E+125")
                .n("wide", "1" + "0".repeat(36) + "1")
                .build()));
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET huge = huge + :h").value(":h", n("9E+125")).build()),
        "Number overflow. Attempting to store a number with magnitude larger than supported range");
    assertUnchangedAfter(
        () -> engine.updateItem(update("ADD wide :frac").value(":frac", n("0.5")).build()),
        "Attempting to store more than 38 significant digits in a Number");
  }

  @Test
  void shouldRejectSyntaxErrorNamingTheToken() {
    seed();
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET label :v").value(":v", s("y")).build()),
        "Invalid UpdateExpression: Syntax error; token: \":v\", near: \"label :v\"");
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET label = :v,").value(":v", s("y")).build()),
        "Invalid UpdateExpression: Syntax error; token: \"<EOF>\", near: \",\"");
    assertUnchangedAfter(
        () ->
            engine.putItem(
                PutItemRequest.builder(TABLE, Item.builder().s("pk", "a").n("sk", 1).build())
                    .condition("attribute_exists(pk) AND")
                    .build()),
        "Invalid ConditionExpression: Syntax error; token: \"<EOF>\", near: \"AND\"");
  }

  @Test
  void shouldRejectUndefinedPlaceholders() {
    seed();
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET label = :missing").build()),
        "Invalid UpdateExpression: An expression attribute value used in expression is not defined;"
            + " attribute value: :missing");
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET #nope = :v").value(":v", s("y")).build()),
        "Invalid UpdateExpression: An expression attribute name used in the document path is not"
            + " defined; attribute name: #nope");
  }

  @Test
  void shouldRejectUnusedPlaceholders() {
    seed();
    assertUnchangedAfter(
        () ->
            engine.updateItem(
                update("SET label = :v").value(":v", s("y")).value(":unused", s("z")).build()),
        "Value provided in ExpressionAttributeValues unused in expressions: keys: {:unused}");
    assertUnchangedAfter(
        () ->
            engine.updateItem(
                update("SET label = :v").value(":v", s("y")).name("#unused", "label").build()),
        "Value provided in ExpressionAttributeNames unused in expressions: keys: {#unused}");
  }

  @Test
  void shouldRejectOverlappingUpdatePaths() {
    seed();
    assertUnchangedAfter(
        () ->
            engine.updateItem(
                update("SET info = :m, info.nested = :v")
                    .value(":m", m(Map.of()))
                    .value(":v", s("y"))
                    .build()),
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite"
            + " one of these paths; path one: [info], path two: [info, nested]");
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET label = :v REMOVE label").value(":v", s("y")).build()),
        "Invalid UpdateExpression: Two document paths overlap with each other; must remove or rewrite"
            + " one of these paths; path one: [label], path two: [label]");
  }

  @Test
  void shouldRejectUpdatingKeyAttribute() {
    seed();
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET pk = :v").value(":v", s("b")).build()),
        "One or more parameter values were invalid: Cannot update attribute pk. This attribute is part of the key");
    assertUnchangedAfter(
        () -> engine.updateItem(update("ADD sk :one").value(":one", n(1)).build()),
        "One or more parameter values were invalid: Cannot update attribute sk. This attribute is part of the key");
  }

  @Test
  void shouldRejectReservedWordUsedBare() {
    seed();
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET name = :v").value(":v", s("y")).build()),
        "Invalid UpdateExpression: Attribute name is a reserved keyword; reserved keyword: name");
    assertUnchangedAfter(
        () ->
            engine.deleteItem(
                DeleteItemRequest.builder(TABLE, key("a", 1))
                    .condition("status = :s")
                    .value(":s", s("x"))
                    .build()),
        "Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: status");
    engine.updateItem(update("SET #n = :v").name("#n", "name").value(":v", s("y")).build());
    assertThat(get("a", 1)).containsEntry("name", s("y"));
  }

  @Test
  void shouldRejectWrongOperandTypes() {
    seed();
    assertUnchangedAfter(
        () -> engine.updateItem(update("SET label = label + :one").value(":one", n(1)).build()),
        "An operand in the update expression has an incorrect data type");
    assertUnchangedAfter(
        () -> engine.updateItem(update("ADD label :s").value(":s", s("x")).build()),
        "Invalid UpdateExpression: Incorrect operand type for operator or function; operator: ADD, operand type: STRING");
  }

  /** Runs a request that must fail with ValidationException and checks nothing changed. */
  private void assertUnchangedAfter(ThrowingCallable request, String message) {
    List<Map<String, AttributeValue>> before =
        engine.scan(ScanRequest.builder(TABLE).consistentRead(true).build()).items();
    long sequence = engine.changeStream(TABLE).latestSequence();
    long count = engine.describeTable(TABLE).itemCount();

    assertThatThrownBy(request).isInstanceOf(ValidationException.class).hasMessage(message);

    assertThat(engine.scan(ScanRequest.builder(TABLE).consistentRead(true).build()).items())
        .isEqualTo(before);
    assertThat(engine.changeStream(TABLE).latestSequence()).isEqualTo(sequence);
    assertThat(engine.describeTable(TABLE).itemCount()).isEqualTo(count);
  }
}
