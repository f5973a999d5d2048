package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON trees for the operations that build on other operations' answers (PartiQL, table settings):
 * their own responses read back, a request body as an object, and trees written.
 */
final class JsonTrees {
  private JsonTrees() {}

  /** The JSON in {@code json}; empty input is an empty object. */
  static JsonNode parse(byte[] json) {
    try {
      JsonNode n = JsonRequest.MAPPER.readTree(json);
      return n == null ? PartiqlTranslator.JSON.objectNode() : n;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The request's (decoded) body as an object; anything else is an empty object. */
  static ObjectNode requestObject(HttpRequestView http) {
    JsonNode n = parse(ContentCoding.requestBody(http));
    return n instanceof ObjectNode o ? o : PartiqlTranslator.JSON.objectNode();
  }

  static byte[] bytes(JsonNode node) {
    try {
      return JsonRequest.MAPPER.writeValueAsBytes(node);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
