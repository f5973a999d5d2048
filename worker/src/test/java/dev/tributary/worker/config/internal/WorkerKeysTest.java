package dev.tributary.worker.config.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dev.tributary.core.ConfigKey;
import dev.tributary.worker.config.ConfigException;
import dev.tributary.worker.config.ConfigProblem;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The readers and the declarations agree: a file that sets every declared key (engine embedded,
 * then remote) has no unknown key, and an undeclared key in any of its maps is reported at that
 * map. So a reader that checks a map against the wrong section, or a declaration nobody reads,
 * shows here.
 */
class WorkerKeysTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOGUS = "bogus-key";

  @Test
  void shouldAcceptEveryDeclaredKeyAndReportAnUndeclaredOneInEveryMap() {
    for (ConfigSection without : List.of(WorkerKeys.ENGINE_REMOTE, WorkerKeys.ENGINE_EMBEDDED)) {
      Set<String> expected = new TreeSet<>();
      ObjectNode file = sample(WorkerKeys.ROOT, "", without, true, expected);
      Set<String> unknown = new TreeSet<>();
      for (ConfigProblem p : problems(file)) {
        if (p.message().startsWith("unknown key")) {
          unknown.add(p.field());
        }
      }
      assertTrue(expected.size() > 15, "bogus keys placed: " + expected);
      assertEquals(expected, unknown, "without " + without);
    }
  }

  @Test
  void shouldDescribeEveryDeclaredKeyInTheSchema() {
    var schema =
        SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
            .getSchema(ConfigDocs.schema());
    ObjectNode file = sample(WorkerKeys.ROOT, "", WorkerKeys.ENGINE_REMOTE, false, new TreeSet<>());
    assertEquals(List.of(), schema.validate(file).stream().map(Object::toString).toList());
    ((ObjectNode) file.get("worker")).put(BOGUS, "x");
    assertEquals(1, schema.validate(file).size(), "an undeclared key");
  }

  private static List<ConfigProblem> problems(JsonNode file) {
    try {
      new ConfigReader("t.yaml", Path.of("/srv/tributary"), name -> null, false)
          .read(file.toString());
    } catch (ConfigException e) {
      return e.problems();
    }
    return List.of();
  }

  /**
   * A map setting every member of {@code s} (and {@link #BOGUS} when {@code bogus}), its path added
   * to {@code expected}.
   */
  private static ObjectNode sample(
      ConfigSection s, String path, ConfigSection without, boolean bogus, Set<String> expected) {
    ObjectNode out = JSON.createObjectNode();
    for (Object m : s.members()) {
      if (m == without || m == WorkerKeys.CLASSPATH) {
        continue;
      }
      if (m instanceof ConfigKey<?> k) {
        out.set(k.name(), value(k));
        continue;
      }
      ConfigSection c = (ConfigSection) m;
      String at = (path.isEmpty() ? "" : path + ".") + c.name();
      switch (c.shape()) {
        case MAP -> out.set(c.name(), sample(c, at, without, bogus, expected));
        case NAMED -> {
          ObjectNode handler = sample(c, at + ".h", without, bogus, expected);
          handler.remove(
              WorkerKeys.HANDLER_CLASS
                  .name()); // 'type' or 'class'; the rest is read only for a good one
          handler.put(WorkerKeys.HANDLER_TYPE.name(), "log");
          out.putObject(c.name()).set("h", handler);
        }
        case LIST -> {
          ArrayNode list = out.putArray(c.name());
          if (c.variants().isEmpty()) {
            list.add(sample(c, at + "[0]", without, bogus, expected));
          }
          for (ConfigSection v : c.variants()) {
            if (v == WorkerKeys.ENGINE_RELAY && without == WorkerKeys.ENGINE_EMBEDDED) {
              continue;
            }
            ObjectNode element = sample(v, at + "[" + list.size() + "]", without, bogus, expected);
            element.put(WorkerKeys.SOURCE_TYPE.name(), v.types().get(0));
            list.add(element);
          }
        }
      }
    }
    if (bogus) {
      out.put(BOGUS, "x");
      expected.add(path.isEmpty() ? BOGUS : path + "." + BOGUS);
    }
    return out;
  }

  private static JsonNode value(ConfigKey<?> k) {
    return switch (k.kind()) {
      case STRING, ANY -> JSON.getNodeFactory().textNode("x");
      case BOOLEAN -> JSON.getNodeFactory().booleanNode(true);
      case INTEGER -> JSON.getNodeFactory().numberNode(Math.max(k.min(), 1));
      case NUMBER -> JSON.getNodeFactory().numberNode(1.5);
      case DURATION -> JSON.getNodeFactory().textNode("1s");
      case CHOICE -> JSON.getNodeFactory().textNode(k.choices().get(0));
      case MAP -> JSON.valueToTree(Map.of());
      case LIST -> JSON.valueToTree(List.of("x"));
    };
  }
}
