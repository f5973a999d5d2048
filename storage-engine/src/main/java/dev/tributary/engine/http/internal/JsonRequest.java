package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.InvalidAttributeValueException;
import dev.tributary.core.MalformedAttributeValueException;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.internal.ItemLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.BiFunction;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A JSON object of a request (the body or one nested structure) with typed accessors. A member of
 * the wrong JSON type is a {@code SerializationException} at once; a missing or out-of-range member
 * is recorded as a violation, and {@link #check()} reports all of them in DynamoDB's words ("2
 * validation errors detected: Value null at 'tableName' failed to satisfy constraint: ..."). JSON
 * {@code null} members count as absent, as the SDKs send them.
 */
final class JsonRequest {
  /**
   * Attribute names may be 65,535 bytes (Jackson stops at 50,000 characters by default); longer
   * ones reach the engine's rules, which answer DynamoDB's ValidationException.
   */
  static final ObjectMapper MAPPER =
      new ObjectMapper(
          JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder().maxNameLength(1 << 20).build())
              .build());

  /** DynamoDB's limit on the length of one expression parameter, in UTF-8 bytes. */
  static final int MAX_EXPRESSION_BYTES = 4096;

  private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]+");

  private final ObjectNode node;
  private final String path;
  private final List<String> violations;

  private JsonRequest(ObjectNode node, String path, List<String> violations) {
    this.node = node;
    this.path = path;
    this.violations = violations;
  }

  /** Parses a request body; malformed JSON or a non-object is a SerializationException. */
  static JsonRequest parse(byte[] body) {
    if (body.length == 0) {
      return new JsonRequest(MAPPER.createObjectNode(), "", new ArrayList<>());
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(body);
    } catch (IOException e) {
      throw WireException.serialization(null); // DynamoDB's answer to malformed JSON has no message
    }
    if (root == null || root.isMissingNode()) {
      return new JsonRequest(MAPPER.createObjectNode(), "", new ArrayList<>());
    }
    if (!root.isObject()) {
      throw WireException.serialization(
          "Start of structure or map expected, found " + root.getNodeType());
    }
    return new JsonRequest((ObjectNode) root, "", new ArrayList<>());
  }

  /** Throws a ValidationException listing every recorded violation, if any. */
  void check() {
    if (violations.isEmpty()) {
      return;
    }
    int n = violations.size();
    throw new ValidationException(
        n
            + " validation error"
            + (n == 1 ? "" : "s")
            + " detected: "
            + String.join("; ", violations));
  }

  void violation(String member, Object value, String constraint) {
    String shown = value == null ? "null" : "'" + value + "'";
    violations.add(
        "Value "
            + shown
            + " at '"
            + memberPath(member)
            + "' failed to satisfy constraint: "
            + constraint);
  }

  boolean has(String member) {
    JsonNode v = node.get(member);
    return v != null && !v.isNull();
  }

  /**
   * The member, if present and not JSON {@code null}, after checking its JSON type: a member of
   * another type is a SerializationException naming what was {@code expected}.
   */
  private Optional<JsonNode> typed(String member, Predicate<JsonNode> is, String expected) {
    if (!has(member)) {
      return Optional.empty();
    }
    JsonNode v = node.get(member);
    if (!is.test(v)) {
      throw wrongType(member, expected, v);
    }
    return Optional.of(v);
  }

  /**
   * A JSON array member whose elements must pass {@code is}; each is read with its 1-based index.
   */
  private <T> List<T> list(
      String member,
      Predicate<JsonNode> is,
      String expected,
      BiFunction<JsonNode, Integer, T> read) {
    Optional<JsonNode> v = typed(member, JsonNode::isArray, "a list");
    if (v.isEmpty()) {
      return List.of();
    }
    List<T> out = new ArrayList<>(v.get().size());
    for (JsonNode e : v.get()) {
      if (!is.test(e)) {
        throw wrongType(member, expected, e);
      }
      out.add(read.apply(e, out.size() + 1));
    }
    return out;
  }

  /** A JSON object member used as a map whose values must pass {@code is}, read in order. */
  private <T> Map<String, T> map(
      String member,
      Predicate<JsonNode> is,
      String expected,
      BiFunction<String, JsonNode, T> read) {
    Map<String, T> out = new LinkedHashMap<>();
    Optional<JsonNode> v = typed(member, JsonNode::isObject, "a map");
    if (v.isPresent()) {
      for (Map.Entry<String, JsonNode> e : v.get().properties()) {
        if (!is.test(e.getValue())) {
          throw wrongType(member, expected, e.getValue());
        }
        out.put(e.getKey(), read.apply(e.getKey(), e.getValue()));
      }
    }
    return out;
  }

  private JsonRequest nested(JsonNode object, String nestedPath) {
    return new JsonRequest((ObjectNode) object, nestedPath, violations);
  }

  /** Records "Member must not be null" for an absent required member. */
  private <T> T required(String member, Optional<T> value, T absent) {
    if (value.isEmpty()) {
      violation(member, null, "Member must not be null");
    }
    return value.orElse(absent);
  }

  /**
   * Records "Member must not be null" if the member is absent (or JSON {@code null}); returns
   * whether it is present.
   */
  boolean require(String member) {
    if (!has(member)) {
      violation(member, null, "Member must not be null");
      return false;
    }
    return true;
  }

  private String memberPath(String member) {
    String m = Character.toLowerCase(member.charAt(0)) + member.substring(1);
    return path.isEmpty() ? m : path + "." + m;
  }

  private static WireException wrongType(String member, String expected, JsonNode found) {
    return WireException.serialization(
        "Unexpected value type for '"
            + member
            + "': expected "
            + expected
            + ", found "
            + found.getNodeType());
  }

  // ---- scalars ---------------------------------------------------------------------------

  Optional<String> string(String member) {
    Optional<String> s = typed(member, JsonNode::isTextual, "a string").map(JsonNode::textValue);
    if (member.endsWith("Expression")) {
      s.ifPresent(e -> checkExpressionSize(member, e));
    }
    return s;
  }

  /**
   * DynamoDB caps each expression parameter at 4 KB and says so before parsing it (a long
   * expression could nest deeper than any parser should recurse).
   */
  private static void checkExpressionSize(String member, String expression) {
    if (expression.length() > MAX_EXPRESSION_BYTES / 3) {
      int size = expression.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_EXPRESSION_BYTES) {
        throw new ValidationException(
            "Invalid "
                + member
                + ": Expression size has exceeded the maximum allowed size; expression size: "
                + size);
      }
    }
  }

  /** A required string; a missing one is a violation and reads as the empty string. */
  String requiredString(String member) {
    return required(member, string(member), "");
  }

  /** A required table name (or table ARN) with DynamoDB's length and pattern constraints. */
  String tableName(String member) {
    Optional<String> s = string(member);
    if (s.isEmpty()) {
      return required(member, s, "");
    }
    String name = s.get();
    if (name.startsWith("arn:") && name.contains(":table/")) {
      name = name.substring(name.indexOf(":table/") + 7);
    }
    if (name.length() < 3) {
      violation(member, name, "Member must have length greater than or equal to 3");
    } else if (name.length() > 255) {
      violation(member, name, "Member must have length less than or equal to 255");
    } else if (!TABLE_NAME.matcher(name).matches()) {
      violation(member, name, "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
    }
    return name;
  }

  Optional<Boolean> bool(String member) {
    return typed(member, JsonNode::isBoolean, "a boolean").map(JsonNode::booleanValue);
  }

  boolean bool(String member, boolean absent) {
    return bool(member).orElse(absent);
  }

  /** A required boolean; a missing one is a violation and reads as false. */
  boolean requiredBool(String member) {
    return required(member, bool(member), false);
  }

  OptionalLong longValue(String member, long min, long max) {
    Optional<JsonNode> n = typed(member, JsonNode::isNumber, "a number");
    if (n.isEmpty()) {
      return OptionalLong.empty();
    }
    JsonNode v = n.get();
    if (!v.isIntegralNumber() || !v.canConvertToLong()) {
      violation(member, v.asText(), "Member must be an integer between " + min + " and " + max);
      return OptionalLong.empty();
    }
    long l = v.longValue();
    if (l < min) {
      violation(member, l, "Member must have value greater than or equal to " + min);
      return OptionalLong.empty();
    }
    if (l > max) {
      violation(member, l, "Member must have value less than or equal to " + max);
      return OptionalLong.empty();
    }
    return OptionalLong.of(l);
  }

  OptionalInt intValue(String member, int min, int max) {
    OptionalLong l = longValue(member, min, max);
    return l.isPresent() ? OptionalInt.of((int) l.getAsLong()) : OptionalInt.empty();
  }

  /** An enum member; a value outside the set is a violation naming the allowed values. */
  <E extends Enum<E>> Optional<E> enumValue(String member, Class<E> type) {
    String[] names = Arrays.stream(type.getEnumConstants()).map(Enum::name).toArray(String[]::new);
    return oneOf(member, names).map(name -> Enum.valueOf(type, name));
  }

  /** A required enum member; a missing one is a violation and reads as {@code absent}. */
  <E extends Enum<E>> E requiredEnum(String member, Class<E> type, E absent) {
    require(member);
    return enumValue(member, type).orElse(absent);
  }

  /** A string member restricted to the given values. */
  Optional<String> oneOf(String member, String... allowed) {
    Optional<String> s = string(member);
    if (s.isPresent() && !List.of(allowed).contains(s.get())) {
      violation(member, s.get(), "Member must satisfy enum value set: " + List.of(allowed));
      return Optional.empty();
    }
    return s;
  }

  // ---- structures ------------------------------------------------------------------------

  Optional<JsonRequest> object(String member) {
    return typed(member, JsonNode::isObject, "a structure").map(v -> nested(v, memberPath(member)));
  }

  JsonRequest requiredObject(String member) {
    return required(member, object(member), nested(MAPPER.createObjectNode(), memberPath(member)));
  }

  List<JsonRequest> objects(String member) {
    return list(
        member,
        JsonNode::isObject,
        "a list of structures",
        (e, i) -> nested(e, memberPath(member) + "." + i + ".member"));
  }

  List<String> strings(String member) {
    return list(member, JsonNode::isTextual, "a list of strings", (e, i) -> e.textValue());
  }

  /** A map of structures, e.g. BatchGetItem's RequestItems. */
  Map<String, JsonRequest> objectMap(String member) {
    return map(
        member, JsonNode::isObject, "a map of structures", (k, e) -> nested(e, memberPath(member)));
  }

  /** A map of lists of structures, e.g. BatchWriteItem's RequestItems. */
  Map<String, List<JsonRequest>> objectListMap(String member) {
    return map(
        member,
        e -> true,
        "",
        (k, e) -> {
          ObjectNode holder = MAPPER.createObjectNode();
          holder.set(k, e);
          return nested(holder, memberPath(member)).objects(k);
        });
  }

  Map<String, String> stringMap(String member) {
    return map(member, JsonNode::isTextual, "a map of strings", (k, e) -> e.textValue());
  }

  // ---- attribute values ------------------------------------------------------------------

  /** A map of typed attribute values (an item, a key, ExpressionAttributeValues). */
  Optional<Map<String, AttributeValue>> item(String member) {
    return typed(member, JsonNode::isObject, "a map").map(JsonRequest::readItem);
  }

  Map<String, AttributeValue> requiredItem(String member) {
    return required(member, item(member), Map.of());
  }

  /** A list of items (BatchGetItem's Keys). */
  List<Map<String, AttributeValue>> items(String member) {
    return list(member, JsonNode::isObject, "a list of maps", (e, i) -> readItem(e));
  }

  /** One typed attribute value, e.g. the legacy {@code Value} member. */
  Optional<AttributeValue> attributeValue(String member) {
    return typed(member, JsonNode::isObject, "an attribute value").map(JsonRequest::readValue);
  }

  /** A list of typed attribute values, e.g. the legacy {@code AttributeValueList}. */
  List<AttributeValue> attributeValues(String member) {
    return list(member, JsonNode::isObject, "a list of attribute values", (e, i) -> readValue(e));
  }

  private static AttributeValue readValue(JsonNode object) {
    AttributeValue value = readAttributes(object, AttributeValueJson::read);
    ItemLimits.check(value);
    return value;
  }

  private static Map<String, AttributeValue> readItem(JsonNode object) {
    Map<String, AttributeValue> item = readAttributes(object, AttributeValueJson::readItem);
    ItemLimits.check(item);
    return item;
  }

  /** Reads typed attribute JSON, turning the model's errors into DynamoDB's. */
  private static <T> T readAttributes(JsonNode object, AttributeReader<T> reader) {
    try (JsonParser p = object.traverse(MAPPER)) {
      p.nextToken();
      return reader.read(p);
    } catch (MalformedAttributeValueException e) {
      throw WireException.serialization(e.getMessage());
    } catch (InvalidAttributeValueException e) {
      throw new ValueReadException(e.getMessage());
    } catch (IOException e) {
      throw WireException.serialization("Malformed attribute value: " + e.getMessage());
    }
  }

  /**
   * A request's attribute value that DynamoDB's rules refuse as it is read (a malformed number or
   * set), told apart from the same message raised later, e.g. by an update's own arithmetic.
   */
  static final class ValueReadException extends ValidationException {
    ValueReadException(String message) {
      super(message);
    }

    @Override
    public String errorCode() {
      return "ValidationException"; // DynamoDB's name for it
    }
  }

  @FunctionalInterface
  private interface AttributeReader<T> {
    T read(JsonParser parser) throws IOException;
  }
}
