package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeOrder;
import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Comparator;
import dev.tributary.engine.expression.Condition;
import dev.tributary.engine.expression.Operand;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.Placeholders;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;

/**
 * ConditionExpression and FilterExpression. Precedence, highest first: comparisons, IN, BETWEEN,
 * functions, parentheses, NOT, AND, OR.
 *
 * <pre>
 * or      := and (OR and)*
 * and     := not (AND not)*
 * not     := NOT not | primary
 * primary := '(' or ')' | function | operand (comparator operand | BETWEEN operand AND operand
 *            | IN '(' operand (',' operand)* ')')
 * operand := path | :value | size '(' path ')'
 * </pre>
 */
public final class ConditionParser extends ParserBase {
  private static final Condition ERROR_CONDITION = new Condition.AttributeExists(ERROR_PATH);
  private static final String VALID_TYPES = "{ B,NULL,SS,BOOL,L,BS,N,NS,S,M }";

  /** Conditions that were written inside parentheses, to spot {@code ((...))}. */
  private final Set<Condition> parenthesized = Collections.newSetFromMap(new IdentityHashMap<>());

  private ConditionParser(String text, ExpressionKind kind, Placeholders placeholders) {
    super(text, kind, placeholders);
  }

  public static Condition parse(String text, ExpressionKind kind, Placeholders placeholders) {
    ConditionParser p = new ConditionParser(text, kind, placeholders);
    return p.finish(p.parseOr());
  }

  @Override
  boolean isGrammarKeyword(Token t) {
    return isConditionKeyword(t);
  }

  /**
   * Nesting this deep with at most 300 operators means parentheses directly around parentheses (or
   * around a single operand), which DynamoDB reports as redundant.
   */
  @Override
  ValidationException nestingError() {
    return new ValidationException(
        kind.errorPrefix() + "The expression has redundant parentheses;");
  }

  private Condition parseOr() {
    Condition c = parseAnd();
    while (peek().isKeyword("OR")) {
      next();
      countOperator();
      c = new Condition.Or(c, parseAnd());
    }
    return c;
  }

  private Condition parseAnd() {
    Condition c = parseNot();
    while (peek().isKeyword("AND")) {
      next();
      countOperator();
      c = new Condition.And(c, parseNot());
    }
    return c;
  }

  private Condition parseNot() {
    if (peek().isKeyword("NOT")) {
      next();
      countOperator();
      nest();
      Condition inner = parseNot();
      unnest();
      return new Condition.Not(inner);
    }
    return parsePrimary();
  }

  private Condition parsePrimary() {
    if (peek().is(Token.Kind.LPAREN)) {
      next();
      nest();
      Condition inner = parseOr();
      expect(Token.Kind.RPAREN);
      unnest();
      if (!parenthesized.add(inner)) {
        defer("The expression has redundant parentheses;");
      }
      return inner;
    }
    if (atFunctionCall()) {
      Call call = parseCall(this::parseOperand);
      if (ConditionFunctions.isCondition(call.name())) {
        Condition c = conditionFunction(call);
        if (comparatorAhead()) {
          notAllowedThisWay(call.name());
          next();
          parseOperand();
        }
        return c;
      }
      Operand left = operandFunction(call);
      if (!comparisonAhead()) {
        if (call.name().equals("size")) {
          notAllowedThisWay("size"); // size() yields a number, not a condition
        }
        return ERROR_CONDITION; // otherwise "Invalid function name" is already deferred
      }
      return parseComparisonTail(left);
    }
    return parseComparisonTail(parseOperand());
  }

  private boolean comparatorAhead() {
    return peek().kind().comparator() != null;
  }

  private boolean comparisonAhead() {
    return comparatorAhead() || peek().isKeyword("BETWEEN") || peek().isKeyword("IN");
  }

  private Condition parseComparisonTail(Operand left) {
    Token t = peek();
    Comparator op = t.kind().comparator();
    if (op != null) {
      next();
      countOperator();
      Operand right = parseOperand();
      requireDistinct(op.symbol(), left, List.of(right));
      if (op != Comparator.EQ && op != Comparator.NE) {
        requireOrderable(op.symbol(), left);
        requireOrderable(op.symbol(), right);
      }
      return new Condition.Comparison(op, left, right);
    }
    if (t.isKeyword("BETWEEN")) {
      next();
      countOperator();
      Operand lower = parseOperand();
      Operand upper = parseUpperBound(this::parseOperand);
      requireDistinct("BETWEEN", left, List.of(lower, upper));
      requireOrderable("BETWEEN", left);
      requireOrderable("BETWEEN", lower);
      requireOrderable("BETWEEN", upper);
      checkBounds(lower, upper);
      return new Condition.Between(left, lower, upper);
    }
    if (t.isKeyword("IN")) {
      next();
      countOperator();
      expect(Token.Kind.LPAREN);
      List<Operand> candidates = parseList(this::parseOperand);
      expect(Token.Kind.RPAREN);
      if (candidates.size() > Condition.MAX_IN_CANDIDATES) {
        defer(
            "The IN operator is provided with too many operands; number of operands: "
                + candidates.size());
        return ERROR_CONDITION;
      }
      requireDistinct("IN", left, candidates);
      return new Condition.In(left, candidates);
    }
    throw syntaxError();
  }

  /** {@code path | :value | size(path)}. */
  private Operand parseOperand() {
    if (peek().is(Token.Kind.VALUE_PLACEHOLDER)) {
      return parseValue();
    }
    if (atFunctionCall()) {
      Call call = parseCall(this::parseOperand);
      if (ConditionFunctions.isCondition(call.name())) {
        notAllowedThisWay(call.name());
        return ERROR_VALUE;
      }
      return operandFunction(call);
    }
    return parsePath();
  }

  private void notAllowedThisWay(String function) {
    defer(
        "The function is not allowed to be used this way in an expression; function: " + function);
  }

  /** A function that yields a value: only {@code size} in a condition. */
  private Operand operandFunction(Call call) {
    String name = call.name();
    if (!ConditionFunctions.isKnown(name)) {
      defer("Invalid function name; function: " + name);
      return ERROR_VALUE;
    }
    if (!name.equals("size")) {
      defer("The function is not allowed in a condition expression; function: " + name);
      return ERROR_VALUE;
    }
    if (!checkArity(call, 1)) {
      return ERROR_VALUE;
    }
    Operand arg = call.arg(0);
    if (arg instanceof Path p) {
      return new Operand.Size(p);
    }
    if (arg instanceof Operand.Literal lit) {
      // size() of a value is known now; keep the tree simple by folding it.
      OptionalInt size = Values.size(lit.value());
      if (size.isPresent()) {
        return new Operand.Literal(AttributeValue.n(size.getAsInt()));
      }
      incorrectOperandType(name, lit.value());
      return ERROR_VALUE;
    }
    defer(
        "Incorrect operand type for operator or function; operator or function: size, operand"
            + " type: N");
    return ERROR_VALUE;
  }

  private Condition conditionFunction(Call call) {
    String name = call.name();
    switch (name) {
      case "attribute_exists":
        return checkArity(call, 1)
            ? new Condition.AttributeExists(requirePath(call, 0))
            : ERROR_CONDITION;
      case "attribute_not_exists":
        return checkArity(call, 1)
            ? new Condition.AttributeNotExists(requirePath(call, 0))
            : ERROR_CONDITION;
      case "attribute_type":
        if (!checkArity(call, 2)) {
          return ERROR_CONDITION;
        }
        checkTypeDescriptor(call.arg(1));
        if (call.arg(0) instanceof Operand.Literal value
            && value != ERROR_VALUE
            && call.arg(1) instanceof Operand.Literal type
            && type.value() instanceof AttributeValue.S typeName) {
          // DynamoDB also takes a value as the first operand: the answer is known now
          boolean matches = value.value().type().descriptor().equals(typeName.value());
          return new Condition.Comparison(matches ? Comparator.EQ : Comparator.NE, type, type);
        }
        return new Condition.AttributeType(requirePath(call, 0), call.arg(1));
      case "begins_with":
        if (!checkArity(call, 2)) {
          return ERROR_CONDITION;
        }
        requireStringOrBinary(name, call.arg(0));
        requireStringOrBinary(name, call.arg(1));
        requireDistinct(name, call.arg(0), List.of(call.arg(1)));
        return new Condition.BeginsWith(call.arg(0), call.arg(1));
      case "contains":
        if (!checkArity(call, 2)) {
          return ERROR_CONDITION;
        }
        requireDistinct(name, call.arg(0), List.of(call.arg(1)));
        return new Condition.Contains(call.arg(0), call.arg(1));
      default:
        throw new IllegalStateException("not a condition function: " + name);
    }
  }

  private void checkTypeDescriptor(Operand type) {
    if (type instanceof Path p && p != ERROR_PATH) {
      // DynamoDB takes the type only from an expression attribute value
      defer(
          "Operator or function requires an expression attribute value; operator or function:"
              + " attribute_type");
      return;
    }
    if (type instanceof Operand.Literal lit) {
      if (!(lit.value() instanceof AttributeValue.S s)) {
        incorrectOperandType("attribute_type", lit.value());
      } else if (!isTypeDescriptor(s.value())) {
        defer(
            "Invalid attribute type name found; type: "
                + s.value()
                + ", valid types: "
                + VALID_TYPES);
      }
    }
  }

  static boolean isTypeDescriptor(String s) {
    for (AttributeValue.Type t : AttributeValue.Type.values()) {
      if (t.descriptor().equals(s)) {
        return true;
      }
    }
    return false;
  }

  private void requireStringOrBinary(String function, Operand operand) {
    if (operand instanceof Operand.Literal lit && lit != ERROR_VALUE) {
      AttributeValue.Type t = lit.value().type();
      if (t != AttributeValue.Type.S && t != AttributeValue.Type.B) {
        incorrectOperandType(function, lit.value());
      }
    }
  }

  /** An ordering operator takes a string, number or binary: a value of another type is an error. */
  private void requireOrderable(String operator, Operand operand) {
    if (operand instanceof Operand.Literal lit && lit != ERROR_VALUE) {
      AttributeValue.Type t = lit.value().type();
      if (t != AttributeValue.Type.S && t != AttributeValue.Type.N && t != AttributeValue.Type.B) {
        incorrectOperandType(operator, lit.value());
      }
    }
  }

  private void incorrectOperandType(String function, AttributeValue value) {
    if (value == ERROR_VALUE.value()) {
      return; // the placeholder's own error is already deferred
    }
    defer(
        "Incorrect operand type for operator or function; operator or function: "
            + function
            + ", operand type: "
            + value.type().descriptor());
  }

  /** DynamoDB refuses to compare a path with itself. */
  private void requireDistinct(String operator, Operand first, List<Operand> rest) {
    if (first instanceof Path p && rest.contains(first) && p != ERROR_PATH) {
      defer(
          "The first operand must be distinct from the remaining operands for this operator or"
              + " function; operator: "
              + operator
              + ", first operand: "
              + p.describe());
    }
  }

  private void checkBounds(Operand lower, Operand upper) {
    if (lower instanceof Operand.Literal lo
        && upper instanceof Operand.Literal hi
        && lo != ERROR_VALUE
        && hi != ERROR_VALUE) {
      String bounds =
          "; lower bound operand: "
              + Values.describe(lo.value())
              + ", upper bound operand: "
              + Values.describe(hi.value());
      if (lo.value().type() != hi.value().type()) {
        defer("The BETWEEN operator requires same data type for lower and upper bounds" + bounds);
        return;
      }
      OptionalInt cmp = AttributeOrder.compare(lo.value(), hi.value());
      if (cmp.isPresent() && cmp.getAsInt() > 0) {
        defer(
            "The BETWEEN operator requires upper bound to be greater than or equal to lower"
                + " bound"
                + bounds);
      }
    }
  }
}
