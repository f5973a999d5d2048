package dev.tributary.handlers.search.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * The body that creates an index: the user's settings and mappings, with {@code index.gc_deletes}
 * raised unless they set it. OpenSearch forgets a deleted document's version after gc_deletes
 * (default 60 s); an older event for it arriving later would then recreate it. The default mapping
 * keeps documents indexable whatever DynamoDB numbers they hold (numbers as double, so a 38-digit
 * integer does not overflow a long field; _source keeps every digit) and strings as strings (no
 * date detection, so a date-like first value does not break later ones).
 */
public final class IndexBody {
  static final String DEFAULT =
      "{\"mappings\":{\"date_detection\":false,\"dynamic_templates\":["
          + "{\"whole_numbers\":{\"match_mapping_type\":\"long\",\"mapping\":{\"type\":\"double\"}}},"
          + "{\"decimal_numbers\":{\"match_mapping_type\":\"double\",\"mapping\":{\"type\":\"double\"}}}]}}";

  private IndexBody() {}

  public static String defaultBody() {
    return DEFAULT;
  }

  /** Rejects what is not a JSON object, naming the problem. */
  public static ObjectNode parse(String json) {
    try {
      JsonNode n = JsonImages.MAPPER.readTree(json);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("index body must be a JSON object, was: " + json);
      }
      return (ObjectNode) n;
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("index body is not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** The body to send: {@code body} with gc_deletes set unless it sets it itself. */
  public static String withGcDeletes(ObjectNode body, Duration gcDeletes) {
    ObjectNode out = body.deepCopy();
    ObjectNode settings = objectAt(out, "settings");
    boolean set =
        settings.has("index.gc_deletes")
            || (settings.get("index") instanceof ObjectNode index && index.has("gc_deletes"));
    if (!set) {
      objectAt(settings, "index").put("gc_deletes", gcDeletes.toMillis() + "ms");
    }
    return out.toString();
  }

  private static ObjectNode objectAt(ObjectNode parent, String field) {
    JsonNode n = parent.get(field);
    if (n instanceof ObjectNode o) {
      return o;
    }
    if (n != null) {
      throw new IllegalArgumentException("index body field '" + field + "' must be a JSON object");
    }
    return parent.putObject(field);
  }
}
