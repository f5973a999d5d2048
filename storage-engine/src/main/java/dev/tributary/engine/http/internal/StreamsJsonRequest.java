package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.SerializationException;
import java.io.IOException;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * A JSON request body's members, read with DynamoDB's checks: a member of the wrong JSON type is a
 * {@link SerializationException}; a missing or out-of-range one is a {@link ValidationException}
 * worded as DynamoDB's ("1 validation error detected: Value ... at 'limit' failed to satisfy
 * constraint: ...").
 */
final class StreamsJsonRequest {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private final ObjectNode body;

  private StreamsJsonRequest(ObjectNode body) {
    this.body = body;
  }

  static StreamsJsonRequest parse(byte[] json) {
    if (json == null || json.length == 0) {
      return new StreamsJsonRequest(MAPPER.createObjectNode());
    }
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new SerializationException("Start of structure or map found where not expected.");
    } catch (IOException e) {
      throw new SerializationException("The request body could not be read.");
    }
    if (node == null || node.isMissingNode() || node.isNull()) {
      return new StreamsJsonRequest(MAPPER.createObjectNode());
    }
    if (!node.isObject()) {
      throw new SerializationException("Start of structure or map found where not expected.");
    }
    return new StreamsJsonRequest((ObjectNode) node);
  }

  Optional<String> string(String member) {
    return typed(member, JsonNode::isTextual, "a string").map(JsonNode::textValue);
  }

  /** A nested structure, e.g. DescribeStream's ShardFilter. */
  Optional<StreamsJsonRequest> object(String member) {
    return typed(member, JsonNode::isObject, "a structure")
        .map(n -> new StreamsJsonRequest((ObjectNode) n));
  }

  /**
   * The member, if present and not JSON {@code null}; one that fails {@code is} is a
   * SerializationException saying what it must be.
   */
  private Optional<JsonNode> typed(String member, Predicate<JsonNode> is, String mustBe) {
    JsonNode n = body.get(member);
    if (n == null || n.isNull()) {
      return Optional.empty();
    }
    if (!is.test(n)) {
      throw new SerializationException(
          "Unexpected value type in payload: member " + member + " must be " + mustBe);
    }
    return Optional.of(n);
  }

  String requiredString(String member) {
    return string(member).orElseThrow(() -> validation("null", member, "Member must not be null"));
  }

  OptionalInt integer(String member, int min, int max) {
    Optional<JsonNode> n =
        typed(member, j -> j.isIntegralNumber() && j.canConvertToInt(), "an integer");
    if (n.isEmpty()) {
      return OptionalInt.empty();
    }
    int v = n.get().intValue();
    if (v < min) {
      throw validation(
          "'" + v + "'", member, "Member must have value greater than or equal to " + min);
    }
    if (v > max) {
      throw validation(
          "'" + v + "'", member, "Member must have value less than or equal to " + max);
    }
    return OptionalInt.of(v);
  }

  /** DynamoDB's one-error validation message; members are named in camelCase. */
  static ValidationException validation(String value, String member, String constraint) {
    String name = Character.toLowerCase(member.charAt(0)) + member.substring(1);
    return new ValidationException(
        "1 validation error detected: Value "
            + value
            + " at '"
            + name
            + "' failed to satisfy constraint: "
            + constraint);
  }
}
