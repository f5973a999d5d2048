package dev.tributary.worker.config.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${NAME}} (and {@code ${NAME:-default}}) in every string of a tree with the
 * environment variable, so secrets stay out of the file. <code>$${</code> writes a literal <code>${
 * </code>. An unset variable without a default is a problem naming it.
 */
public final class EnvSubstitution {
  private static final Pattern REF =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private EnvSubstitution() {}

  /**
   * Substitutes in place; reports unset variables to {@code problems} with their node's pointer.
   */
  public static void apply(JsonNode root, Function<String, String> env, Problems problems) {
    walk(root, "", "", env, problems);
  }

  private static void walk(
      JsonNode node, String pointer, String path, Function<String, String> env, Problems problems) {
    if (node instanceof ObjectNode o) {
      List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
      fields.addAll(o.properties());
      for (Map.Entry<String, JsonNode> f : fields) {
        String p = pointer + "/" + escape(f.getKey());
        String display = path.isEmpty() ? f.getKey() : path + "." + f.getKey();
        JsonNode v = f.getValue();
        if (v.isTextual()) {
          o.set(f.getKey(), substitute(v.textValue(), p, display, env, problems));
        } else {
          walk(v, p, display, env, problems);
        }
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        String p = pointer + "/" + i;
        String display = path + "[" + i + "]";
        if (a.get(i).isTextual()) {
          a.set(i, substitute(a.get(i).textValue(), p, display, env, problems));
        } else {
          walk(a.get(i), p, display, env, problems);
        }
      }
    }
  }

  private static TextNode substitute(
      String text, String pointer, String path, Function<String, String> env, Problems problems) {
    if (!text.contains("${")) {
      return TextNode.valueOf(text);
    }
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else {
        String value = env.apply(m.group(1));
        if (value == null) {
          if (m.group(2) == null) {
            problems.addCause(pointer, path, "environment variable " + m.group(1) + " is not set");
          }
          value = m.group(2) == null ? "" : m.group(2);
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    return TextNode.valueOf(out.toString());
  }

  static String escape(String key) {
    return key.replace("~", "~0").replace("/", "~1");
  }
}
