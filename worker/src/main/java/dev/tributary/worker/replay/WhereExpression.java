package dev.tributary.worker.replay;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.ImageConditions;
import dev.tributary.core.pipeline.ImageOperand;
import dev.tributary.core.pipeline.ImagePredicate;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.ExpressionParser;
import dev.tributary.engine.expression.Operand;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.PathElement;
import dev.tributary.engine.expression.Placeholders;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The {@code --where} filter of a replay: a DynamoDB condition expression (the grammar of a
 * FilterExpression: comparisons, {@code BETWEEN}, {@code IN}, {@code AND}/{@code OR}/{@code NOT},
 * {@code attribute_exists}, {@code begins_with}, {@code contains}, {@code size}, ...) over the
 * event's image as the handler receives it: the new image, or the old image of a REMOVE. The text
 * is parsed with the table engine's parser, then built into the pipelines' own predicates ({@link
 * ImageConditions} under {@link Events#deliveredImage}), so one evaluator decides both the
 * pipelines' filters and {@code --where}. For the command line, literals are written inline and
 * attribute names need no {@code #} placeholder, even when DynamoDB reserves them:
 *
 * <pre>
 *   status = 'SHIPPED' AND total &gt;= 100
 *   begins_with(SK, "ORDER#") AND NOT attribute_exists(archivedAt)
 *   address.city IN ('Paris', 'Lyon')
 * </pre>
 *
 * Quoted text ({@code '...'} or {@code "..."}, a doubled quote escapes one) is a string; a number
 * ({@code 12}, {@code -3.5}) is a number; {@code true}/{@code false} are booleans. {@code :name}
 * and {@code #name} placeholders are not supported.
 */
public final class WhereExpression implements EventPredicate {
  private static final Set<String> KEYWORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

  private final String text;
  private final EventPredicate predicate;

  private WhereExpression(String text, EventPredicate predicate) {
    this.text = text;
    this.predicate = predicate;
  }

  /** Parses {@code text}; a bad expression raises IllegalArgumentException naming the problem. */
  public static WhereExpression parse(String text) {
    return new WhereExpression(text, Events.deliveredImage(predicate(condition(text))));
  }

  /** {@code text} parsed by the table engine's parser (for the test that compares evaluators). */
  static Condition condition(String text) {
    Objects.requireNonNull(text, "where");
    if (text.isBlank()) {
      throw new IllegalArgumentException("--where expression is empty");
    }
    Map<String, String> names = new LinkedHashMap<>();
    Map<String, AttributeValue> values = new LinkedHashMap<>();
    String rewritten = rewrite(text, names, values);
    try {
      return ExpressionParser.filter(rewritten, Placeholders.of(names, values));
    } catch (ValidationException e) {
      throw new IllegalArgumentException(
          "--where expression '"
              + text
              + "' is not valid: "
              + e.getMessage().replace("FilterExpression", "expression"));
    }
  }

  /** Whether the event's image (new, or old for a REMOVE) satisfies the expression. */
  @Override
  public boolean test(ChangeEvent event) {
    return predicate.test(event);
  }

  /** The parsed condition as the pipelines' image predicate: the same tree, node for node. */
  private static ImagePredicate predicate(Condition c) {
    if (c instanceof Condition.And and) {
      return predicate(and.left()).and(predicate(and.right()));
    } else if (c instanceof Condition.Or or) {
      return predicate(or.left()).or(predicate(or.right()));
    } else if (c instanceof Condition.Not not) {
      return predicate(not.condition()).negate();
    } else if (c instanceof Condition.Comparison cmp) {
      return ImageConditions.compare(
          operand(cmp.left()),
          ImageConditions.Operator.valueOf(cmp.op().name()),
          operand(cmp.right()));
    } else if (c instanceof Condition.Between b) {
      return ImageConditions.between(operand(b.operand()), operand(b.lower()), operand(b.upper()));
    } else if (c instanceof Condition.In in) {
      return ImageConditions.in(
          operand(in.operand()), in.candidates().stream().map(WhereExpression::operand).toList());
    } else if (c instanceof Condition.AttributeExists e) {
      return ImageConditions.exists(path(e.path()), true);
    } else if (c instanceof Condition.AttributeNotExists e) {
      return ImageConditions.exists(path(e.path()), false);
    } else if (c instanceof Condition.AttributeType t) {
      return ImageConditions.attributeType(path(t.path()), operand(t.type()));
    } else if (c instanceof Condition.BeginsWith bw) {
      return ImageConditions.beginsWith(operand(bw.operand()), operand(bw.prefix()));
    } else if (c instanceof Condition.Contains ct) {
      return ImageConditions.contains(operand(ct.operand()), operand(ct.element()));
    }
    throw new IllegalStateException("unknown condition " + c);
  }

  private static ImageOperand operand(Operand o) {
    if (o instanceof Path p) {
      return ImageConditions.path(path(p));
    } else if (o instanceof Operand.Literal l) {
      return ImageConditions.value(l.value());
    } else if (o instanceof Operand.Size s) {
      return ImageConditions.size(path(s.path()));
    }
    throw new IllegalStateException("not a condition operand: " + o); // the parser allows no other
  }

  /** The document path as text: names are the bare words of the expression, so never hold a dot. */
  private static String path(Path p) {
    StringBuilder text = new StringBuilder();
    for (PathElement e : p.elements()) {
      if (e instanceof PathElement.Name n) {
        text.append(text.length() == 0 ? "" : ".").append(n.name());
      } else if (e instanceof PathElement.Index i) {
        text.append('[').append(i.index()).append(']');
      }
    }
    return text.toString();
  }

  @Override
  public String toString() {
    return text;
  }

  /** Inline literals become {@code :wN}, attribute names {@code #wN}; the rest is kept. */
  private static String rewrite(
      String text, Map<String, String> names, Map<String, AttributeValue> values) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    int n = text.length();
    int i = 0;
    char previous = 0; // last non-space character written, to tell a sign from a minus
    int bracketDepth = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        out.append(c);
        i++;
        continue;
      }
      if (c == '\'' || c == '"') {
        StringBuilder s = new StringBuilder();
        int j = i + 1;
        while (true) {
          if (j >= n) {
            throw new IllegalArgumentException(
                "--where expression '" + text + "': unterminated quote at position " + (i + 1));
          }
          char d = text.charAt(j);
          if (d == c) {
            if (j + 1 < n && text.charAt(j + 1) == c) {
              s.append(c);
              j += 2;
              continue;
            }
            break;
          }
          s.append(d);
          j++;
        }
        out.append(value(values, AttributeValue.s(s.toString())));
        i = j + 1;
        previous = 'v';
        continue;
      }
      boolean sign =
          c == '-'
              && i + 1 < n
              && Character.isDigit(text.charAt(i + 1))
              && (previous == 0 || "=<>(,".indexOf(previous) >= 0 || previous == 'k');
      if ((Character.isDigit(c) || sign) && bracketDepth == 0) {
        int j = i + 1;
        while (j < n
            && (Character.isDigit(text.charAt(j))
                || text.charAt(j) == '.'
                || text.charAt(j) == 'e'
                || text.charAt(j) == 'E'
                || ((text.charAt(j) == '+' || text.charAt(j) == '-')
                    && (text.charAt(j - 1) == 'e' || text.charAt(j - 1) == 'E')))) {
          j++;
        }
        String number = text.substring(i, j);
        try {
          new BigDecimal(number);
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "--where expression '" + text + "': '" + number + "' is not a number");
        }
        out.append(value(values, AttributeValue.n(number)));
        i = j;
        previous = 'v';
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        int j = i + 1;
        while (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
          j++;
        }
        String word = text.substring(i, j);
        int k = j;
        while (k < n && Character.isWhitespace(text.charAt(k))) {
          k++;
        }
        boolean call = k < n && text.charAt(k) == '(' && previous != '.';
        String upper = word.toUpperCase(Locale.ROOT);
        if (call || (KEYWORDS.contains(upper) && previous != '.')) {
          out.append(word);
          previous = 'k';
        } else if (previous != '.' && (upper.equals("TRUE") || upper.equals("FALSE"))) {
          out.append(value(values, AttributeValue.bool(upper.equals("TRUE"))));
          previous = 'v';
        } else {
          String placeholder = "#w" + names.size();
          names.put(placeholder, word);
          out.append(placeholder);
          previous = 'n';
        }
        i = j;
        continue;
      }
      if (c == ':' || c == '#') {
        throw new IllegalArgumentException(
            "--where expression '"
                + text
                + "': write values and names inline ('text', 12, name),"
                + " not as "
                + c
                + " placeholders");
      }
      if (c == '[') {
        bracketDepth++;
      } else if (c == ']') {
        bracketDepth = Math.max(0, bracketDepth - 1);
      }
      out.append(c);
      previous = c;
      i++;
    }
    return out.toString();
  }

  private static String value(Map<String, AttributeValue> values, AttributeValue v) {
    String placeholder = ":w" + values.size();
    values.put(placeholder, v);
    return placeholder;
  }
}
