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
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A JSON object of a request (the body or one nested structure) with typed accessors. A member of
 * the wrong JSON type is a {@code SerializationException} at once; a missing or out-of-range member
 * is recorded as a violation, and {@link #check()} reports all of them in DynamoDB's words ("2
 * validation errors detected: Value null at 'tableName' failed to satisfy constraint: ...").
 * JSON {@code null} members count as absent, as the SDKs send them.
 */
final class JsonRequest {
  /**
   * Attribute names may be 65,535 bytes (Jackson stops at 50,000 characters by default); longer
   * ones reach the engine's rules, which answer DynamoDB's ValidationException.
   */
  static final ObjectMapper MAPPER = new ObjectMapper(
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNameLength(1 << 20)
                  .build())
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
      throw WireException.serialization("Start of structure or map expected, found " + root.getNodeType());
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
        n + " validation error" + (n == 1 ? "" : "s") + " detected: " + String.join("; ", violations));
  }

  void violation(String member, Object value, String constraint) {
    String shown = value == null ? "null" : "'" + value + "'";
    violations.add(
        "Value " + shown + " at '" + memberPath(member) + "' failed to satisfy constraint: " + constraint);
  }

  boolean has(String member) {
    JsonNode v = node.get(member);
    return v != null && !v.isNull();
  }

  private JsonNode get(String member) {
    JsonNode v = node.get(member);
    return v == null || v.isNull() ? null : v;
  }

  private String memberPath(String member) {
    String m = Character.toLowerCase(member.charAt(0)) + member.substring(1);
    return path.isEmpty() ? m : path + "." + m;
  }

  private static WireException wrongType(String member, String expected, JsonNode found) {
    return WireException.serialization(
        "Unexpected value type for '" + member + "': expected " + expected + ", found "
            + found.getNodeType());
  }

  // ---- scalars ---------------------------------------------------------------------------

  Optional<String> string(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw wrongType(member, "a string", v);
    }
    if (member.endsWith("Expression")) {
      checkExpressionSize(member, v.textValue());
    }
    return Optional.of(v.textValue());
  }

  /**
   * DynamoDB caps each expression parameter at 4 KB and says so before parsing it (a long
   * expression could nest deeper than any parser should recurse).
   */
  private static void checkExpressionSize(String member, String expression) {
    if (expression.length() > MAX_EXPRESSION_BYTES / 3) {
      int size = expression.getBytes(StandardCharsets.UTF_8).length;
      if (size > MAX_EXPRESSION_BYTES) {
        throw new ValidationException("Invalid " + member
            + ": Expression size has exceeded the maximum allowed size; expression size: " + size);
      }
    }
  }

  /** A required string; a missing one is a violation and reads as the empty string. */
  String requiredString(String member) {
    Optional<String> s = string(member);
    if (s.isEmpty()) {
      violation(member, null, "Member must not be null");
    }
    return s.orElse("");
  }

  /** A required table name (or table ARN) with DynamoDB's length and pattern constraints. */
  String tableName(String member) {
    Optional<String> s = string(member);
    if (s.isEmpty()) {
      violation(member, null, "Member must not be null");
      return "";
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
    JsonNode v = get(member);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isBoolean()) {
      throw wrongType(member, "a boolean", v);
    }
    return Optional.of(v.booleanValue());
  }

  boolean bool(String member, boolean absent) {
    return bool(member).orElse(absent);
  }

  OptionalLong longValue(String member, long min, long max) {
    JsonNode v = get(member);
    if (v == null) {
      return OptionalLong.empty();
    }
    if (!v.isNumber()) {
      throw wrongType(member, "a number", v);
    }
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
    Optional<String> s = string(member);
    if (s.isEmpty()) {
      return Optional.empty();
    }
    for (E e : type.getEnumConstants()) {
      if (e.name().equals(s.get())) {
        return Optional.of(e);
      }
    }
    List<String> allowed = new ArrayList<>();
    for (E e : type.getEnumConstants()) {
      allowed.add(e.name());
    }
    violation(member, s.get(), "Member must satisfy enum value set: " + allowed);
    return Optional.empty();
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
    JsonNode v = get(member);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw wrongType(member, "a structure", v);
    }
    return Optional.of(new JsonRequest((ObjectNode) v, memberPath(member), violations));
  }

  JsonRequest requiredObject(String member) {
    Optional<JsonRequest> o = object(member);
    if (o.isEmpty()) {
      violation(member, null, "Member must not be null");
      return new JsonRequest(MAPPER.createObjectNode(), memberPath(member), violations);
    }
    return o.get();
  }

  List<JsonRequest> objects(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw wrongType(member, "a list", v);
    }
    List<JsonRequest> out = new ArrayList<>(v.size());
    int i = 1;
    for (JsonNode e : v) {
      if (!e.isObject()) {
        throw wrongType(member, "a list of structures", e);
      }
      out.add(new JsonRequest((ObjectNode) e, memberPath(member) + "." + i++ + ".member", violations));
    }
    return out;
  }

  List<String> strings(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw wrongType(member, "a list", v);
    }
    List<String> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw wrongType(member, "a list of strings", e);
      }
      out.add(e.textValue());
    }
    return out;
  }

  /** A map of structures, e.g. BatchGetItem's RequestItems. */
  Map<String, JsonRequest> objectMap(String member) {
    Map<String, JsonRequest> out = new LinkedHashMap<>();
    JsonNode v = get(member);
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw wrongType(member, "a map", v);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isObject()) {
        throw wrongType(member, "a map of structures", e.getValue());
      }
      out.put(e.getKey(), new JsonRequest((ObjectNode) e.getValue(), memberPath(member), violations));
    }
    return out;
  }

  /** A map of lists of structures, e.g. BatchWriteItem's RequestItems. */
  Map<String, List<JsonRequest>> objectListMap(String member) {
    Map<String, List<JsonRequest>> out = new LinkedHashMap<>();
    JsonNode v = get(member);
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw wrongType(member, "a map", v);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      ObjectNode holder = MAPPER.createObjectNode();
      holder.set(e.getKey(), e.getValue());
      out.put(e.getKey(), new JsonRequest(holder, memberPath(member), violations).objects(e.getKey()));
    }
    return out;
  }

  Map<String, String> stringMap(String member) {
    Map<String, String> out = new LinkedHashMap<>();
    JsonNode v = get(member);
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      throw wrongType(member, "a map", v);
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!e.getValue().isTextual()) {
        throw wrongType(member, "a map of strings", e.getValue());
      }
      out.put(e.getKey(), e.getValue().textValue());
    }
    return out;
  }

  // ---- attribute values ------------------------------------------------------------------

  /** A map of typed attribute values (an item, a key, ExpressionAttributeValues). */
  Optional<Map<String, AttributeValue>> item(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw wrongType(member, "a map", v);
    }
    return Optional.of(readItem(v));
  }

  Map<String, AttributeValue> requiredItem(String member) {
    Optional<Map<String, AttributeValue>> i = item(member);
    if (i.isEmpty()) {
      violation(member, null, "Member must not be null");
      return Map.of();
    }
    return i.get();
  }

  /** A list of items (BatchGetItem's Keys). */
  List<Map<String, AttributeValue>> items(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw wrongType(member, "a list", v);
    }
    List<Map<String, AttributeValue>> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isObject()) {
        throw wrongType(member, "a list of maps", e);
      }
      out.add(readItem(e));
    }
    return out;
  }

  /** One typed attribute value, e.g. the legacy {@code Value} member. */
  Optional<AttributeValue> attributeValue(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return Optional.empty();
    }
    if (!v.isObject()) {
      throw wrongType(member, "an attribute value", v);
    }
    return Optional.of(readValue(v));
  }

  /** A list of typed attribute values, e.g. the legacy {@code AttributeValueList}. */
  List<AttributeValue> attributeValues(String member) {
    JsonNode v = get(member);
    if (v == null) {
      return List.of();
    }
    if (!v.isArray()) {
      throw wrongType(member, "a list", v);
    }
    List<AttributeValue> out = new ArrayList<>(v.size());
    for (JsonNode e : v) {
      if (!e.isObject()) {
        throw wrongType(member, "a list of attribute values", e);
      }
      out.add(readValue(e));
    }
    return out;
  }

  private static AttributeValue readValue(JsonNode object) {
    try (JsonParser p = object.traverse(MAPPER)) {
      p.nextToken();
      AttributeValue value = AttributeValueJson.read(p);
      ItemLimits.check(value);
      return value;
    } catch (MalformedAttributeValueException e) {
      throw WireException.serialization(e.getMessage());
    } catch (InvalidAttributeValueException e) {
      throw new ValidationException(e.getMessage());
    } catch (IOException e) {
      throw WireException.serialization("Malformed attribute value: " + e.getMessage());
    }
  }

  private static Map<String, AttributeValue> readItem(JsonNode object) {
    try (JsonParser p = object.traverse(MAPPER)) {
      p.nextToken();
      Map<String, AttributeValue> item = AttributeValueJson.readItem(p);
      ItemLimits.check(item);
      return item;
    } catch (MalformedAttributeValueException e) {
      throw WireException.serialization(e.getMessage());
    } catch (InvalidAttributeValueException e) {
      throw new ValidationException(e.getMessage());
    } catch (IOException e) {
      throw WireException.serialization("Malformed attribute value: " + e.getMessage());
    }
  }
}
