package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.Comparator;
import dev.tributary.engine.expression.KeyCondition;
import dev.tributary.engine.expression.KeyOperator;
import dev.tributary.engine.expression.KeyTerm;
import dev.tributary.engine.expression.Operand;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.Placeholders;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * KeyConditionExpression: terms joined by AND only.
 *
 * <pre>
 * keys := term (AND term)*
 * term := '(' keys ')' | name op :value | :value op name | name BETWEEN :value AND :value
 *         | begins_with '(' name ',' :value ')'          op: = &lt; &lt;= &gt; &gt;=
 * </pre>
 */
public final class KeyConditionParser extends ParserBase {
  private final List<KeyTerm> terms = new ArrayList<>();

  private KeyConditionParser(String text, Placeholders placeholders) {
    super(text, ExpressionKind.KEY_CONDITION, placeholders);
  }

  public static KeyCondition parse(String text, Placeholders placeholders) {
    KeyConditionParser p = new KeyConditionParser(text, placeholders);
    p.parseTerms();
    Set<String> names = new HashSet<>();
    for (KeyTerm t : p.terms) {
      if (!names.add(t.attributeName())) {
        p.defer("KeyConditionExpressions must only contain one condition per key");
      }
    }
    if (p.terms.isEmpty() && !p.hasDeferredError()) {
      throw p.syntaxError(); // cannot happen: every term path adds a term or defers an error
    }
    if (p.hasDeferredError()) {
      return p.finish(null); // throws the deferred error
    }
    return p.finish(new KeyCondition(p.terms));
  }

  @Override
  boolean isGrammarKeyword(Token t) {
    return isConditionKeyword(t);
  }

  private void invalidOperator(String operator) {
    defer("Invalid operator used in KeyConditionExpression: " + operator);
  }

  private void parseTerms() {
    parseTerm();
    while (peek().isKeyword("AND") || peek().isKeyword("OR")) {
      if (peek().isKeyword("OR")) {
        invalidOperator("OR");
      }
      next();
      countOperator();
      parseTerm();
    }
  }

  private void parseTerm() {
    if (peek().is(Token.Kind.LPAREN)) {
      next();
      nest();
      parseTerms();
      expect(Token.Kind.RPAREN);
      unnest();
      return;
    }
    if (peek().isKeyword("NOT")) {
      invalidOperator("NOT");
      next();
      countOperator();
      nest();
      parseTerm();
      unnest();
      return;
    }
    if (atFunctionCall()) {
      parseFunctionTerm();
      return;
    }
    Operand left = parseOperand();
    Token opToken = peek();
    if (opToken.isKeyword("BETWEEN")) {
      next();
      Operand lower = parseOperand();
      Operand upper = parseUpperBound(this::parseOperand);
      addTerm(left, KeyOperator.BETWEEN, List.of(lower, upper));
      return;
    }
    if (opToken.isKeyword("IN")) {
      invalidOperator("IN");
      next();
      expect(Token.Kind.LPAREN);
      parseList(this::parseOperand);
      expect(Token.Kind.RPAREN);
      return;
    }
    KeyOperator op = operatorOf(opToken);
    if (op == null) {
      if (opToken.is(Token.Kind.NE)) {
        invalidOperator("<>");
      } else {
        throw syntaxError();
      }
    }
    next();
    Operand right = parseOperand();
    if (op == null) {
      return;
    }
    if (left instanceof Operand.Literal && right instanceof Path) {
      addTerm(right, flip(op), List.of(left)); // ":v < k" means "k > :v"
    } else {
      addTerm(left, op, List.of(right));
    }
  }

  private void parseFunctionTerm() {
    Call call = parseCall(this::parseOperand);
    if (!ConditionFunctions.isKnown(call.name())) {
      defer("Invalid function name; function: " + call.name());
    } else if (!call.name().equals("begins_with")) {
      invalidOperator(call.name());
    } else if (checkArity(call, 2)) {
      addTerm(call.arg(0), KeyOperator.BEGINS_WITH, List.of(call.arg(1)));
    }
    if (operatorOf(peek()) != null || peek().is(Token.Kind.NE)) {
      next(); // e.g. size(k) = :v: already reported; skip the comparison
      parseOperand();
    }
  }

  private Operand parseOperand() {
    if (peek().is(Token.Kind.VALUE_PLACEHOLDER)) {
      return parseValue();
    }
    if (atFunctionCall()) {
      Call call = parseCall(this::parseOperand);
      invalidOperator(call.name());
      return ERROR_VALUE;
    }
    return parsePath();
  }

  private void addTerm(Operand key, KeyOperator op, List<Operand> values) {
    if (!(key instanceof Path path)) {
      if (key != ERROR_VALUE) {
        defer("Invalid condition in KeyConditionExpression: No key attribute specified");
      }
      return;
    }
    if (!path.isTopLevel()) {
      defer("KeyConditionExpressions cannot have conditions on nested attributes");
      return;
    }
    List<AttributeValue> resolved = new ArrayList<>(values.size());
    for (Operand v : values) {
      if (!(v instanceof Operand.Literal lit)) {
        defer(
            "Invalid condition in KeyConditionExpression: Multiple attribute names used in one"
                + " condition");
        return;
      }
      resolved.add(lit.value());
    }
    terms.add(new KeyTerm(path.attributeName(), op, resolved));
  }

  /** The key operator of a comparison token; {@code <>} and every other token have none. */
  private static KeyOperator operatorOf(Token t) {
    Comparator c = t.kind().comparator();
    return c == null || c == Comparator.NE ? null : KeyOperator.valueOf(c.name()); // same names
  }

  private static KeyOperator flip(KeyOperator op) {
    switch (op) {
      case LT:
        return KeyOperator.GT;
      case LE:
        return KeyOperator.GE;
      case GT:
        return KeyOperator.LT;
      case GE:
        return KeyOperator.LE;
      default:
        return op;
    }
  }
}
