package dev.tributary.handlers.function.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One of Lambda's event filter patterns, parsed once into a tree and matched against a record's
 * JSON. A pattern is an object: a key holding an object descends into the record's field of that
 * name; a key holding an array lists the values (or operators) any one of which the field must
 * match; {@code $or} holds patterns any one of which must match; all keys of one object must match.
 * Operators: literal values ({@code "x"}, {@code 5}, {@code true}, {@code null}, {@code ""}),
 * {@code prefix}, {@code suffix}, {@code equals-ignore-case}, {@code anything-but} (a value, a
 * list, or a {@code prefix} / {@code suffix} / {@code equals-ignore-case}), {@code numeric} (one or
 * two comparisons), {@code exists}. A field holding an array matches when any element does.
 */
public final class FilterPattern {
  private final Node root;

  private FilterPattern(Node root) {
    this.root = root;
  }

  /** Parses a pattern; throws IllegalArgumentException saying what is wrong and where. */
  public static FilterPattern parse(JsonNode pattern) {
    if (pattern == null || !pattern.isObject()) {
      throw new IllegalArgumentException("a filter pattern must be a JSON object, was " + pattern);
    }
    return new FilterPattern(object(pattern, ""));
  }

  public boolean matches(JsonNode record) {
    return root.matches(record);
  }

  private sealed interface Node {
    /** {@code value} is the record's node here, or null when the record has no such field. */
    boolean matches(JsonNode value);
  }

  /** All fields must match, and every {@code $or} alternative list must have one match. */
  private record ObjectNode(Map<String, Node> fields, List<List<Node>> ors) implements Node {
    @Override
    public boolean matches(JsonNode value) {
      if (value != null && value.isArray()) {
        for (JsonNode element : value) {
          if (element.isObject() && matches(element)) {
            return true; // a list of objects matches when one of them does
          }
        }
        return false;
      }
      JsonNode obj = value != null && value.isObject() ? value : null;
      for (Map.Entry<String, Node> f : fields.entrySet()) {
        if (!f.getValue().matches(obj == null ? null : obj.get(f.getKey()))) {
          return false;
        }
      }
      for (List<Node> alternatives : ors) {
        if (alternatives.stream().noneMatch(n -> n.matches(value))) {
          return false;
        }
      }
      return true;
    }
  }

  /** A leaf: any of the matchers matches the value (or, for an array value, any element). */
  private record LeafNode(List<Matcher> matchers) implements Node {
    @Override
    public boolean matches(JsonNode value) {
      for (Matcher m : matchers) {
        if (m instanceof Matcher.Exists e) {
          boolean present = value != null && !value.isObject() && !value.isMissingNode();
          if (present == e.exists()) {
            return true;
          }
        } else if (value != null && !value.isObject()) {
          if (value.isArray()) {
            for (JsonNode element : value) {
              if (m.test(element)) {
                return true;
              }
            }
          } else if (m.test(value)) {
            return true;
          }
        }
      }
      return false;
    }
  }

  private sealed interface Matcher {
    boolean test(JsonNode value);

    record Equals(JsonNode literal) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        if (literal.isNumber() && value.isNumber()) {
          return literal.decimalValue().compareTo(value.decimalValue()) == 0;
        }
        return literal.equals(value);
      }
    }

    record Prefix(String prefix) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        return value.isTextual() && value.asText().startsWith(prefix);
      }
    }

    record Suffix(String suffix) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        return value.isTextual() && value.asText().endsWith(suffix);
      }
    }

    record EqualsIgnoreCase(String text) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        return value.isTextual()
            && value.asText().toLowerCase(Locale.ROOT).equals(text.toLowerCase(Locale.ROOT));
      }
    }

    /** True when none of {@code excluded} matches (a present value is required). */
    record AnythingBut(List<Matcher> excluded) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        return excluded.stream().noneMatch(m -> m.test(value));
      }
    }

    /**
     * One or two comparisons; DynamoDB's numbers ({@code "N": "12.5"}) are strings and compare as
     * numbers.
     */
    record Numeric(List<String> ops, List<BigDecimal> bounds) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        BigDecimal v;
        if (value.isNumber()) {
          v = value.decimalValue();
        } else if (value.isTextual()) {
          try {
            v = new BigDecimal(value.asText().trim());
          } catch (NumberFormatException e) {
            return false;
          }
        } else {
          return false;
        }
        for (int i = 0; i < ops.size(); i++) {
          int c = v.compareTo(bounds.get(i));
          boolean ok =
              switch (ops.get(i)) {
                case "=" -> c == 0;
                case "<" -> c < 0;
                case "<=" -> c <= 0;
                case ">" -> c > 0;
                case ">=" -> c >= 0;
                default -> throw new IllegalStateException(ops.get(i));
              };
          if (!ok) {
            return false;
          }
        }
        return true;
      }
    }

    record Exists(boolean exists) implements Matcher {
      @Override
      public boolean test(JsonNode value) {
        return exists;
      }
    }
  }

  // --- parsing

  private static ObjectNode object(JsonNode pattern, String path) {
    Map<String, Node> fields = new LinkedHashMap<>();
    List<List<Node>> ors = new ArrayList<>();
    if (pattern.isEmpty()) {
      throw new IllegalArgumentException(
          "filter pattern"
              + at(path)
              + ": an empty object matches nothing useful; give at least one field");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = pattern.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String here = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      JsonNode v = e.getValue();
      if (e.getKey().equals("$or")) {
        if (!v.isArray() || v.size() < 2) {
          throw new IllegalArgumentException(
              "filter pattern" + at(here) + ": $or takes an array of at least two patterns");
        }
        List<Node> alternatives = new ArrayList<>();
        for (JsonNode alt : v) {
          if (!alt.isObject()) {
            throw new IllegalArgumentException(
                "filter pattern" + at(here) + ": every $or alternative must be an object");
          }
          alternatives.add(object(alt, path));
        }
        ors.add(alternatives);
      } else if (v.isObject()) {
        fields.put(e.getKey(), object(v, here));
      } else if (v.isArray()) {
        fields.put(e.getKey(), leaf(v, here));
      } else {
        throw new IllegalArgumentException(
            "filter pattern"
                + at(here)
                + ": a value must be an array of matches (e.g. [\""
                + v.asText()
                + "\"]) or an object, was "
                + v);
      }
    }
    return new ObjectNode(fields, ors);
  }

  private static LeafNode leaf(JsonNode array, String path) {
    if (array.isEmpty()) {
      throw new IllegalArgumentException(
          "filter pattern" + at(path) + ": an empty array matches nothing");
    }
    List<Matcher> matchers = new ArrayList<>();
    for (JsonNode m : array) {
      matchers.add(matcher(m, path, true));
    }
    return new LeafNode(matchers);
  }

  private static Matcher matcher(JsonNode m, String path, boolean top) {
    if (!m.isObject()) {
      if (m.isArray()) {
        throw new IllegalArgumentException(
            "filter pattern" + at(path) + ": nested arrays are not allowed");
      }
      return new Matcher.Equals(m);
    }
    if (m.size() != 1) {
      throw new IllegalArgumentException(
          "filter pattern" + at(path) + ": an operator object has exactly one key, was " + m);
    }
    Map.Entry<String, JsonNode> op = m.fields().next();
    JsonNode arg = op.getValue();
    return switch (op.getKey()) {
      case "prefix" -> new Matcher.Prefix(text(arg, "prefix", path));
      case "suffix" -> new Matcher.Suffix(text(arg, "suffix", path));
      case "equals-ignore-case" ->
          new Matcher.EqualsIgnoreCase(text(arg, "equals-ignore-case", path));
      case "exists" -> {
        if (!arg.isBoolean() || !top) {
          throw new IllegalArgumentException(
              "filter pattern" + at(path) + ": exists takes true or false");
        }
        yield new Matcher.Exists(arg.booleanValue());
      }
      case "numeric" -> numeric(arg, path);
      case "anything-but" -> {
        if (!top) {
          throw new IllegalArgumentException(
              "filter pattern" + at(path) + ": anything-but cannot be nested");
        }
        List<Matcher> excluded = new ArrayList<>();
        if (arg.isArray()) {
          if (arg.isEmpty()) {
            throw new IllegalArgumentException(
                "filter pattern" + at(path) + ": anything-but takes a non-empty list");
          }
          for (JsonNode x : arg) {
            if (x.isObject() || x.isArray()) {
              throw new IllegalArgumentException(
                  "filter pattern" + at(path) + ": anything-but's list holds plain values");
            }
            excluded.add(new Matcher.Equals(x));
          }
        } else if (arg.isObject()) {
          Matcher inner = matcher(arg, path, false);
          if (!(inner instanceof Matcher.Prefix
              || inner instanceof Matcher.Suffix
              || inner instanceof Matcher.EqualsIgnoreCase)) {
            throw new IllegalArgumentException(
                "filter pattern"
                    + at(path)
                    + ": anything-but takes a value, a list, prefix, suffix or equals-ignore-case");
          }
          excluded.add(inner);
        } else {
          excluded.add(new Matcher.Equals(arg));
        }
        yield new Matcher.AnythingBut(excluded);
      }
      default ->
          throw new IllegalArgumentException(
              "filter pattern"
                  + at(path)
                  + ": unknown operator '"
                  + op.getKey()
                  + "'; Lambda's are prefix, suffix, equals-ignore-case, anything-but, numeric, exists");
    };
  }

  private static Matcher numeric(JsonNode arg, String path) {
    if (!arg.isArray() || (arg.size() != 2 && arg.size() != 4)) {
      throw new IllegalArgumentException(
          "filter pattern"
              + at(path)
              + ": numeric takes one or two comparisons, e.g. [\">\", 0, \"<=\", 5]");
    }
    List<String> ops = new ArrayList<>();
    List<BigDecimal> bounds = new ArrayList<>();
    for (int i = 0; i < arg.size(); i += 2) {
      String op = arg.get(i).asText();
      if (!List.of("=", "<", "<=", ">", ">=").contains(op) || !arg.get(i + 1).isNumber()) {
        throw new IllegalArgumentException(
            "filter pattern"
                + at(path)
                + ": numeric comparisons are one of = < <= > >= and a number, was "
                + arg.get(i)
                + ", "
                + arg.get(i + 1));
      }
      ops.add(op);
      bounds.add(arg.get(i + 1).decimalValue());
    }
    if (ops.size() == 2 && (ops.contains("=") || ops.get(0).charAt(0) == ops.get(1).charAt(0))) {
      throw new IllegalArgumentException(
          "filter pattern"
              + at(path)
              + ": a numeric range needs a lower and an upper bound, was "
              + arg);
    }
    return new Matcher.Numeric(ops, bounds);
  }

  private static String text(JsonNode arg, String op, String path) {
    if (!arg.isTextual()) {
      throw new IllegalArgumentException(
          "filter pattern" + at(path) + ": " + op + " takes a string, was " + arg);
    }
    return arg.asText();
  }

  private static String at(String path) {
    return path.isEmpty() ? "" : " at " + path;
  }
}
