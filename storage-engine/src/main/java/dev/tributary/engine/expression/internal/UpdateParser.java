package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.expression.Operand;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.Placeholders;
import dev.tributary.engine.expression.UpdateExpression;
import java.util.ArrayList;
import java.util.List;

/**
 * UpdateExpression.
 *
 * <pre>
 * update  := (SET set (',' set)* | REMOVE path (',' path)* | ADD path :value (',' ...)*
 *             | DELETE path :value (',' ...)*)+          each section at most once
 * set     := path '=' term (('+' | '-') term)?
 * term    := path | :value | if_not_exists '(' path ',' term ')' | list_append '(' term ',' term ')'
 * </pre>
 */
public final class UpdateParser extends ParserBase {
  private final List<UpdateExpression.SetAction> sets = new ArrayList<>();
  private final List<UpdateExpression.RemoveAction> removes = new ArrayList<>();
  private final List<UpdateExpression.AddAction> adds = new ArrayList<>();
  private final List<UpdateExpression.DeleteAction> deletes = new ArrayList<>();
  private final List<Path> targets = new ArrayList<>();

  private UpdateParser(String text, Placeholders placeholders) {
    super(text, ExpressionKind.UPDATE, placeholders);
  }

  public static UpdateExpression parse(String text, Placeholders placeholders) {
    return new UpdateParser(text, placeholders).parseAll();
  }

  private enum Section {
    SET,
    REMOVE,
    ADD,
    DELETE
  }

  @Override
  boolean isGrammarKeyword(Token t) {
    return sectionOf(t) != null;
  }

  private static Section sectionOf(Token t) {
    if (!t.is(Token.Kind.IDENTIFIER)) {
      return null;
    }
    for (Section s : Section.values()) {
      if (t.text().equalsIgnoreCase(s.name())) {
        return s;
      }
    }
    return null;
  }

  private UpdateExpression parseAll() {
    boolean[] seen = new boolean[Section.values().length];
    do {
      Section section = sectionOf(peek());
      if (section == null) {
        throw syntaxError();
      }
      next();
      if (seen[section.ordinal()]) {
        defer("The \"" + section + "\" section can only be used once in an update expression;");
      }
      seen[section.ordinal()] = true;
      parseAction(section);
      while (peek().is(Token.Kind.COMMA)) {
        next();
        parseAction(section);
      }
    } while (!peek().is(Token.Kind.EOF));
    checkOverlaps(targets);
    if (hasDeferredError()) {
      return finish(null);
    }
    return finish(new UpdateExpression(sets, removes, adds, deletes));
  }

  private void parseAction(Section section) {
    Path path = parsePath();
    targets.add(path);
    switch (section) {
      case SET:
        expect(Token.Kind.EQ);
        sets.add(new UpdateExpression.SetAction(path, parseSetValue()));
        break;
      case REMOVE:
        removes.add(new UpdateExpression.RemoveAction(path));
        break;
      case ADD:
        Operand.Literal toAdd = parseValue();
        AttributeValue.Type t = toAdd.value().type();
        if (t != AttributeValue.Type.N && !t.isSet()) {
          incorrectOperandType("ADD", toAdd);
        }
        adds.add(new UpdateExpression.AddAction(path, toAdd));
        break;
      case DELETE:
        Operand.Literal toDelete = parseValue();
        if (!toDelete.value().type().isSet()) {
          incorrectOperandType("DELETE", toDelete);
        }
        deletes.add(new UpdateExpression.DeleteAction(path, toDelete));
        break;
      default:
        throw new IllegalStateException(section.name());
    }
  }

  private void incorrectOperandType(String operator, Operand.Literal value) {
    if (value != ERROR_VALUE) {
      defer(
          "Incorrect operand type for operator or function; operator: "
              + operator
              + ", operand type: "
              + Values.longTypeName(value.value().type()));
    }
  }

  private Operand parseSetValue() {
    Operand left = parseTerm();
    if (peek().is(Token.Kind.PLUS) || peek().is(Token.Kind.MINUS)) {
      boolean plus = next().is(Token.Kind.PLUS);
      Operand right = parseTerm();
      String op = plus ? "+" : "-";
      requireNumber(op, left);
      requireNumber(op, right);
      return plus ? new Operand.Plus(left, right) : new Operand.Minus(left, right);
    }
    return left;
  }

  private void requireNumber(String op, Operand operand) {
    if (operand instanceof Operand.Literal lit
        && lit != ERROR_VALUE
        && lit.value().type() != AttributeValue.Type.N) {
      defer(
          "Incorrect operand type for operator or function; operator or function: "
              + op
              + ", operand type: "
              + lit.value().type().descriptor());
    }
  }

  private Operand parseTerm() {
    if (peek().is(Token.Kind.VALUE_PLACEHOLDER)) {
      return parseValue();
    }
    if (atFunctionCall()) {
      Call call = parseCall(this::parseTerm);
      return function(call);
    }
    return parsePath();
  }

  private Operand function(Call call) {
    String name = call.name();
    if (!ConditionFunctions.isKnown(name)) {
      defer("Invalid function name; function: " + name);
      return ERROR_VALUE;
    }
    if (!ConditionFunctions.isUpdate(name)) {
      defer("The function is not allowed in an update expression; function: " + name);
      return ERROR_VALUE;
    }
    if (!checkArity(call, 2)) {
      return ERROR_VALUE;
    }
    if (name.equals("if_not_exists")) {
      return new Operand.IfNotExists(requirePath(call, 0), call.arg(1));
    }
    for (Operand arg : call.args()) {
      if (arg instanceof Operand.ListAppend) {
        // DynamoDB parses list_append(list_append(...), ...) but refuses it
        defer(
            "The function is not allowed to be used this way in an expression; function: list_append");
      }
      if (arg instanceof Operand.Literal lit
          && lit != ERROR_VALUE
          && lit.value().type() != AttributeValue.Type.L) {
        defer(
            "Incorrect operand type for operator or function; operator or function: "
                + "list_append, operand type: "
                + lit.value().type().descriptor());
      }
    }
    return new Operand.ListAppend(call.arg(0), call.arg(1));
  }
}
