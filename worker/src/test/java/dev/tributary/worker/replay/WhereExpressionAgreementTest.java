package dev.tributary.worker.replay;

import static dev.tributary.core.AttributeValue.b;
import static dev.tributary.core.AttributeValue.bool;
import static dev.tributary.core.AttributeValue.l;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.ns;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.engine.expression.ConditionEvaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code --where} is parsed by the engine's parser and evaluated by the pipelines' predicates: they
 * must answer as the engine's evaluator does on the same parsed condition, for every shape of the
 * grammar, on images where attributes are present, missing, of another type, nested, sets, lists.
 */
class WhereExpressionAgreementTest {
  static final List<Map<String, AttributeValue>> IMAGES =
      List.of(
          image(
              "id",
              s("o1"),
              "status",
              s("SHIPPED"),
              "total",
              n(120),
              "low",
              n(5),
              "high",
              n(200),
              "SK",
              s("ORDER#2025"),
              "tags",
              ss("gift", "red"),
              "nums",
              ns("1", "2"),
              "lines",
              l(s("a"), n(2), m(Map.of("sku", s("X")))),
              "paid",
              bool(true),
              "blob",
              b((byte) 1, (byte) 2),
              "address",
              m(Map.of("city", s("Paris"))),
              "kind",
              s("S")),
          image(
              "id",
              s("o2"),
              "status",
              s("PENDING"),
              "total",
              s("120"),
              "tags",
              l(s("gift")),
              "address",
              m(Map.of("city", s("Lyon"), "zip", n(69001)))),
          image("id", s("o3")));

  static final List<String> EXPRESSIONS =
      List.of(
          "status = 'SHIPPED'",
          "status <> 'SHIPPED'",
          "total > 100",
          "total >= 120",
          "total < 121",
          "total <= 119",
          "100 < total",
          "total BETWEEN low AND high",
          "total BETWEEN 1 AND 1e3",
          "low < high",
          "status IN ('PENDING', 'SHIPPED')",
          "total IN (120, low)",
          "attribute_exists(address.city)",
          "attribute_not_exists(address.zip)",
          "attribute_type(total, 'N')",
          "attribute_type(tags, 'SS')",
          "begins_with(SK, 'ORDER#')",
          "begins_with(status, SK)",
          "contains(tags, 'gift')",
          "contains(status, 'HIP')",
          "contains(nums, 2)",
          "contains(lines, 'a')",
          "contains(blob, status)",
          "size(tags) = 2",
          "size(status) > 6",
          "size(lines) BETWEEN 1 AND 3",
          "size(total) = 3",
          "size(address) >= 1",
          "lines[2].sku = 'X'",
          "lines[0] = 'a' AND NOT paid = false",
          "paid = true OR total = '120'",
          "NOT (status = 'PENDING' OR attribute_exists(missing))",
          "missing <> 1",
          "missing = other",
          "status = SK");

  @Test
  void shouldAnswerAsTheEnginesEvaluatorForEveryShapeOfTheGrammar() {
    int checked = 0;
    int matched = 0;
    for (String text : EXPRESSIONS) {
      WhereExpression where = WhereExpression.parse(text);
      for (Map<String, AttributeValue> image : IMAGES) {
        boolean engine = ConditionEvaluator.evaluate(WhereExpression.condition(text), image);
        assertThat(where.test(insert(image))).as("%s on %s", text, image).isEqualTo(engine);
        checked++;
        matched += engine ? 1 : 0;
      }
    }
    assertThat(checked).isEqualTo(EXPRESSIONS.size() * IMAGES.size());
    assertThat(matched).isBetween(checked / 5, checked * 4 / 5); // both answers are exercised
  }

  private static ChangeEvent insert(Map<String, AttributeValue> image) {
    return WhereExpressionTest.event(EventName.INSERT, image, null);
  }

  private static Map<String, AttributeValue> image(Object... kv) {
    Map<String, AttributeValue> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], (AttributeValue) kv[i + 1]);
    }
    return m;
  }
}
