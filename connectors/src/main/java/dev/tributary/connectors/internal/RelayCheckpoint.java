package dev.tributary.connectors.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Optional;

/**
 * What the relay last published of one table: the table's id (a table deleted and created again
 * under the same name starts its sequences afresh, so an old checkpoint must not apply to it) and
 * the last sequence. Stored as {@code {"tableId":"…","sequence":123}}.
 */
public record RelayCheckpoint(String tableId, long sequence) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public String toText() {
    return JSON.createObjectNode().put("tableId", tableId).put("sequence", sequence).toString();
  }

  /** The checkpoint in {@code text}, or empty if it is not one (then the table starts over). */
  public static Optional<RelayCheckpoint> parse(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.hasNonNull("tableId") || !n.hasNonNull("sequence")) {
        return Optional.empty();
      }
      return Optional.of(
          new RelayCheckpoint(n.get("tableId").asText(), n.get("sequence").asLong()));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
