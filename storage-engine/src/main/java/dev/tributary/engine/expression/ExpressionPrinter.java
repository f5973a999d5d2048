package dev.tributary.engine.expression;

import dev.tributary.core.AttributeValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Prints trees as DynamoDB expression strings, every name as a {@code #n} placeholder (so reserved
 * words and odd characters need no care) and every value as a {@code :v} placeholder. The output
 * parses back to an equal tree. One printer may print several expressions of one request; they then
 * share the placeholder maps.
 */
public final class ExpressionPrinter {
  private final Map<String, String> nameToPlaceholder = new LinkedHashMap<>();
  private final Map<String, String> names = new LinkedHashMap<>();
  private final Map<String, AttributeValue> values = new LinkedHashMap<>();

  public static PrintedExpression print(Condition condition) {
    ExpressionPrinter p = new ExpressionPrinter();
    return p.printed(p.condition(condition));
  }

  public static PrintedExpression print(UpdateExpression update) {
    ExpressionPrinter p = new ExpressionPrinter();
    return p.printed(p.update(update));
  }

  public static PrintedExpression print(KeyCondition keyCondition) {
    ExpressionPrinter p = new ExpressionPrinter();
    return p.printed(p.keyCondition(keyCondition));
  }

  public static PrintedExpression print(ProjectionExpression projection) {
    ExpressionPrinter p = new ExpressionPrinter();
    return p.printed(p.projection(projection));
  }

  /** The ExpressionAttributeNames of everything printed so far. */
  public Map<String, String> names() {
    return Map.copyOf(names);
  }

  /** The ExpressionAttributeValues of everything printed so far. */
  public Map<String, AttributeValue> values() {
    return Map.copyOf(values);
  }

  private PrintedExpression printed(String expression) {
    return new PrintedExpression(expression, names, values);
  }

  public String condition(Condition condition) {
    StringBuilder sb = new StringBuilder();
    condition(Objects.requireNonNull(condition, "condition"), sb);
    return sb.toString();
  }

  public String update(UpdateExpression update) {
    Objects.requireNonNull(update, "update");
    StringBuilder sb = new StringBuilder();
    clause(
        "SET",
        update.sets(),
        (a, out) -> {
          path(a.path(), out);
          out.append(" = ");
          operand(a.value(), out);
        },
        sb);
    clause("REMOVE", update.removes(), (a, out) -> path(a.path(), out), sb);
    clause("ADD", update.adds(), (a, out) -> pathAndOperand(a.path(), a.value(), out), sb);
    clause("DELETE", update.deletes(), (a, out) -> pathAndOperand(a.path(), a.value(), out), sb);
    return sb.toString();
  }

  /** {@code KEYWORD action, action, ...}, after a space if {@code sb} holds a clause already. */
  private <A> void clause(
      String keyword, List<A> actions, BiConsumer<A, StringBuilder> action, StringBuilder sb) {
    if (!actions.isEmpty()) {
      sb.append(sb.length() > 0 ? " " : "").append(keyword).append(' ');
      joined(actions, action, sb);
    }
  }

  private void pathAndOperand(Path path, Operand value, StringBuilder sb) {
    path(path, sb);
    sb.append(' ');
    operand(value, sb);
  }

  public String keyCondition(KeyCondition keyCondition) {
    Objects.requireNonNull(keyCondition, "keyCondition");
    StringBuilder sb = new StringBuilder();
    for (KeyTerm t : keyCondition.terms()) {
      sb.append(sb.length() > 0 ? " AND " : "");
      Path key = Path.of(t.attributeName());
      switch (t.op()) {
        case BEGINS_WITH:
          sb.append("begins_with(");
          path(key, sb);
          sb.append(", ").append(value(t.value())).append(')');
          break;
        case BETWEEN:
          path(key, sb);
          sb.append(" BETWEEN ").append(value(t.values().get(0)));
          sb.append(" AND ").append(value(t.values().get(1)));
          break;
        default:
          path(key, sb);
          sb.append(' ').append(keySymbol(t.op())).append(' ').append(value(t.value()));
      }
    }
    return sb.toString();
  }

  private static String keySymbol(KeyOperator op) {
    return Comparator.valueOf(op.name()).symbol();
  }

  public String projection(ProjectionExpression projection) {
    Objects.requireNonNull(projection, "projection");
    StringBuilder sb = new StringBuilder();
    joined(projection.paths(), this::path, sb);
    return sb.toString();
  }

  private void condition(Condition c, StringBuilder sb) {
    if (c instanceof Condition.And and) {
      grouped(and.left(), sb);
      sb.append(" AND ");
      grouped(and.right(), sb);
    } else if (c instanceof Condition.Or or) {
      grouped(or.left(), sb);
      sb.append(" OR ");
      grouped(or.right(), sb);
    } else if (c instanceof Condition.Not not) {
      sb.append("NOT ");
      grouped(not.condition(), sb);
    } else if (c instanceof Condition.Comparison cmp) {
      operand(cmp.left(), sb);
      sb.append(' ').append(cmp.op().symbol()).append(' ');
      operand(cmp.right(), sb);
    } else if (c instanceof Condition.Between b) {
      operand(b.operand(), sb);
      sb.append(" BETWEEN ");
      operand(b.lower(), sb);
      sb.append(" AND ");
      operand(b.upper(), sb);
    } else if (c instanceof Condition.In in) {
      operand(in.operand(), sb);
      sb.append(" IN (");
      list(in.candidates(), sb);
      sb.append(')');
    } else if (c instanceof Condition.AttributeExists e) {
      function("attribute_exists", List.of(e.path()), sb);
    } else if (c instanceof Condition.AttributeNotExists e) {
      function("attribute_not_exists", List.of(e.path()), sb);
    } else if (c instanceof Condition.AttributeType t) {
      function("attribute_type", List.of(t.path(), t.type()), sb);
    } else if (c instanceof Condition.BeginsWith bw) {
      function("begins_with", List.of(bw.operand(), bw.prefix()), sb);
    } else if (c instanceof Condition.Contains ct) {
      function("contains", List.of(ct.operand(), ct.element()), sb);
    } else {
      throw new IllegalStateException("unknown condition " + c);
    }
  }

  /** AND and OR operands of AND, OR and NOT are parenthesized: one level, never redundant. */
  private void grouped(Condition c, StringBuilder sb) {
    boolean paren = c instanceof Condition.And || c instanceof Condition.Or;
    if (paren) {
      sb.append('(');
    }
    condition(c, sb);
    if (paren) {
      sb.append(')');
    }
  }

  private void function(String name, List<Operand> args, StringBuilder sb) {
    sb.append(name).append('(');
    list(args, sb);
    sb.append(')');
  }

  private void list(List<Operand> operands, StringBuilder sb) {
    joined(operands, this::operand, sb);
  }

  /** The items separated by {@code ", "}, each printed by {@code item}. */
  private static <T> void joined(
      List<? extends T> items, BiConsumer<? super T, StringBuilder> item, StringBuilder sb) {
    for (int i = 0; i < items.size(); i++) {
      sb.append(i > 0 ? ", " : "");
      item.accept(items.get(i), sb);
    }
  }

  private void operand(Operand o, StringBuilder sb) {
    if (o instanceof Path p) {
      path(p, sb);
    } else if (o instanceof Operand.Literal lit) {
      sb.append(value(lit.value()));
    } else if (o instanceof Operand.Size s) {
      function("size", List.of(s.path()), sb);
    } else if (o instanceof Operand.Plus plus) {
      operand(plus.left(), sb);
      sb.append(" + ");
      operand(plus.right(), sb);
    } else if (o instanceof Operand.Minus minus) {
      operand(minus.left(), sb);
      sb.append(" - ");
      operand(minus.right(), sb);
    } else if (o instanceof Operand.IfNotExists ine) {
      function("if_not_exists", List.of(ine.path(), ine.fallback()), sb);
    } else if (o instanceof Operand.ListAppend la) {
      function("list_append", List.of(la.first(), la.second()), sb);
    } else {
      throw new IllegalStateException("unknown operand " + o);
    }
  }

  private void path(Path p, StringBuilder sb) {
    for (int i = 0; i < p.depth(); i++) {
      PathElement e = p.element(i);
      if (e instanceof PathElement.Name n) {
        sb.append(i > 0 ? "." : "").append(name(n.name()));
      } else {
        sb.append('[').append(((PathElement.Index) e).index()).append(']');
      }
    }
  }

  private String name(String name) {
    return nameToPlaceholder.computeIfAbsent(
        name,
        n -> {
          String placeholder = "#n" + names.size();
          names.put(placeholder, n);
          return placeholder;
        });
  }

  private String value(AttributeValue v) {
    String placeholder = ":v" + values.size();
    values.put(placeholder, v);
    return placeholder;
  }
}
