package dev.tributary.connectors.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * What a DynamoDB Streams source last published of one shard: the last sequence number (empty if
 * none yet) and whether the shard is closed and fully read. Stored as {@code {"sequence":"…",
 * "finished":false}}; sequence numbers stay strings (AWS's are longer than a long).
 */
public record ShardCheckpoint(Optional<String> sequence, boolean finished) {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final ShardCheckpoint START = new ShardCheckpoint(Optional.empty(), false);

  public String toText() {
    ObjectNode n = JSON.createObjectNode();
    sequence.ifPresent(s -> n.put("sequence", s));
    return n.put("finished", finished).toString();
  }

  public static Optional<ShardCheckpoint> parse(String text) {
    try {
      JsonNode n = JSON.readTree(text);
      if (n == null || !n.isObject()) {
        return Optional.empty();
      }
      Optional<String> seq =
          n.hasNonNull("sequence") ? Optional.of(n.get("sequence").asText()) : Optional.empty();
      return Optional.of(new ShardCheckpoint(seq, n.path("finished").asBoolean(false)));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }
}
