package dev.tributary.engine.expression.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.expression.Operand;
import dev.tributary.engine.expression.Path;
import dev.tributary.engine.expression.PathElement;
import dev.tributary.engine.expression.Placeholders;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the four recursive-descent parsers share: the token cursor, DynamoDB's syntax-error message,
 * document paths and placeholders. Syntax errors are thrown at once; semantic errors (reserved
 * words, undefined placeholders, wrong functions) are deferred until the whole text has parsed,
 * because DynamoDB reports a syntax error first even when it comes later in the text.
 */
abstract class ParserBase {
  /** Stands in for a value or path whose error is already deferred, so parsing can go on. */
  static final Operand.Literal ERROR_VALUE = new Operand.Literal(AttributeValue.nul());

  /**
   * DynamoDB's limit on the operators (comparisons, AND, OR, NOT, BETWEEN, IN) of one expression.
   */
  public static final int MAX_OPERATORS = 300;

  /**
   * How deep parentheses, NOT and function calls may nest. Past {@link #MAX_OPERATORS} NOTs the
   * operator limit answers first; deeper nesting than this is only reachable with redundant
   * parentheses or nested functions, both already errors, so the bound keeps the recursive descent
   * far from the thread's stack limit without refusing anything DynamoDB accepts.
   */
  static final int MAX_NESTING = 400;

  final String text;
  final ExpressionKind kind;
  final Placeholders placeholders;
  private final List<Token> tokens;
  private int pos;
  private ValidationException deferred;
  private int depth;
  private int operators;

  ParserBase(String text, ExpressionKind kind, Placeholders placeholders) {
    this.text = text;
    this.kind = kind;
    this.placeholders = placeholders;
    if (text.isBlank()) {
      throw new ValidationException(kind.errorPrefix() + "The expression can not be empty;");
    }
    this.tokens = Lexer.tokenize(text);
  }

  /** Words of this grammar that are never attribute names (AND, SET, ...). */
  abstract boolean isGrammarKeyword(Token t);

  // ---- cursor ------------------------------------------------------------------------------

  final Token peek() {
    return tokens.get(pos);
  }

  final Token peek(int ahead) {
    return tokens.get(Math.min(pos + ahead, tokens.size() - 1));
  }

  final Token next() {
    Token t = tokens.get(pos);
    if (pos < tokens.size() - 1) {
      pos++;
    }
    return t;
  }

  final Token expect(Token.Kind kind) {
    if (!peek().is(kind)) {
      throw syntaxError();
    }
    return next();
  }

  /** DynamoDB's message: the token where reading stopped and the text around it. */
  final ValidationException syntaxError() {
    Token tok = tokens.get(pos);
    int from = pos > 0 ? tokens.get(pos - 1).start() : tok.start();
    int to = pos + 1 < tokens.size() ? tokens.get(pos + 1).end() : tok.end();
    return new ValidationException(
        kind.errorPrefix()
            + "Syntax error; token: \""
            + tok.text()
            + "\", near: \""
            + text.substring(from, to)
            + "\"");
  }

  /** Records the first semantic error; {@link #finish} throws it once the text has parsed. */
  final void defer(String message) {
    if (deferred == null) {
      deferred = new ValidationException(kind.errorPrefix() + message);
    }
  }

  final boolean hasDeferredError() {
    return deferred != null;
  }

  final <T> T finish(T result) {
    if (!peek().is(Token.Kind.EOF)) {
      throw syntaxError();
    }
    if (deferred != null) {
      throw deferred;
    }
    return result;
  }

  /** Enters one level of parentheses, NOT or function call; past the bound, an error. */
  final void nest() {
    if (++depth > MAX_NESTING) {
      if (deferred != null) {
        throw deferred;
      }
      throw nestingError();
    }
  }

  final void unnest() {
    depth--;
  }

  /** The error for nesting past {@link #MAX_NESTING} when no other error is known yet. */
  ValidationException nestingError() {
    return syntaxError();
  }

  /** Counts one operator; DynamoDB refuses an expression with more than 300. */
  final void countOperator() {
    if (++operators > MAX_OPERATORS) {
      throw new ValidationException(
          kind.errorPrefix()
              + "The expression contains too many operators; operator count: "
              + operators);
    }
  }

  // ---- shared productions ------------------------------------------------------------------

  /** The words of condition and key-condition expressions: AND, OR, NOT, BETWEEN, IN. */
  static boolean isConditionKeyword(Token t) {
    return t.isKeyword("AND")
        || t.isKeyword("OR")
        || t.isKeyword("NOT")
        || t.isKeyword("BETWEEN")
        || t.isKeyword("IN");
  }

  /** {@code item ( , item )*}: function arguments, IN candidates. */
  final List<Operand> parseList(Supplier<Operand> item) {
    List<Operand> items = new ArrayList<>(2);
    items.add(item.get());
    while (peek().is(Token.Kind.COMMA)) {
      next();
      items.add(item.get());
    }
    return items;
  }

  /** An identifier followed by {@code (}. */
  final boolean atFunctionCall() {
    return peek().is(Token.Kind.IDENTIFIER)
        && !isGrammarKeyword(peek())
        && peek(1).is(Token.Kind.LPAREN);
  }

  /** {@code name ( arg, ... )}; the arguments are parsed by {@code argument}. */
  final Call parseCall(Supplier<Operand> argument) {
    String name = next().text();
    expect(Token.Kind.LPAREN);
    if (depth >= MAX_NESTING && !ConditionFunctions.isKnown(name)) {
      defer("Invalid function name; function: " + name); // what nesting this deep amounts to
    }
    nest();
    List<Operand> args = parseList(argument);
    expect(Token.Kind.RPAREN);
    unnest();
    return new Call(name, args);
  }

  /** {@code AND operand}: the rest of {@code BETWEEN lower AND upper}. */
  final Operand parseUpperBound(Supplier<Operand> operand) {
    if (!peek().isKeyword("AND")) {
      throw syntaxError();
    }
    next();
    return operand.get();
  }

  record Call(String name, List<Operand> args) {
    Operand arg(int i) {
      return i < args.size() ? args.get(i) : ERROR_VALUE;
    }
  }

  /** Checks the number of arguments; a mismatch is deferred. */
  final boolean checkArity(Call call, int expected) {
    if (call.args().size() != expected) {
      defer(
          "Incorrect number of operands for operator or function; operator or function: "
              + call.name()
              + ", number of operands: "
              + call.args().size());
      return false;
    }
    return true;
  }

  final Path requirePath(Call call, int i) {
    Operand arg = call.arg(i);
    if (arg instanceof Path p) {
      return p;
    }
    defer("Operator or function requires a document path; operator or function: " + call.name());
    return ERROR_PATH;
  }

  static final Path ERROR_PATH = Path.of("<error>");

  final boolean atPathStart() {
    Token t = peek();
    return t.is(Token.Kind.NAME_PLACEHOLDER)
        || (t.is(Token.Kind.IDENTIFIER) && !isGrammarKeyword(t) && !peek(1).is(Token.Kind.LPAREN));
  }

  /** {@code name ( . name | [ digits ] )*}. */
  final Path parsePath() {
    List<PathElement> elements = new ArrayList<>(4);
    elements.add(new PathElement.Name(parseNameElement()));
    while (true) {
      if (peek().is(Token.Kind.DOT)) {
        next();
        elements.add(new PathElement.Name(parseNameElement()));
      } else if (peek().is(Token.Kind.LBRACKET)) {
        next();
        if (!peek().is(Token.Kind.NUMBER)) {
          throw syntaxError();
        }
        String digits = next().text();
        int index;
        if (new BigInteger(digits).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
          defer("List index is not within the allowable range; index: [" + digits + "]");
          index = Integer.MAX_VALUE; // the deferred error is thrown once the text has parsed
        } else {
          index = Integer.parseInt(digits);
        }
        expect(Token.Kind.RBRACKET);
        elements.add(new PathElement.Index(index));
      } else {
        break;
      }
    }
    if (elements.size() > Path.MAX_DEPTH) {
      defer("The document path has too many nesting levels; nesting levels: " + elements.size());
    }
    return new Path(elements);
  }

  private String parseNameElement() {
    Token t = peek();
    if (t.is(Token.Kind.NAME_PLACEHOLDER)) {
      next();
      return placeholders
          .useName(t.text())
          .orElseGet(
              () -> {
                defer(
                    "An expression attribute name used in the document path is not defined;"
                        + " attribute name: "
                        + t.text());
                return t.text();
              });
    }
    if (t.is(Token.Kind.IDENTIFIER) && !isGrammarKeyword(t)) {
      next();
      if (ReservedWords.isReserved(t.text())) {
        defer("Attribute name is a reserved keyword; reserved keyword: " + t.text());
      }
      return t.text();
    }
    throw syntaxError();
  }

  /** A {@code :value} placeholder. */
  final Operand.Literal parseValue() {
    Token t = expect(Token.Kind.VALUE_PLACEHOLDER);
    return placeholders
        .useValue(t.text())
        .map(Operand.Literal::new)
        .orElseGet(
            () -> {
              defer(
                  "An expression attribute value used in expression is not defined; attribute"
                      + " value: "
                      + t.text());
              return ERROR_VALUE;
            });
  }

  /** Rejects two paths where one is a prefix of (or conflicts with) the other. */
  final void checkOverlaps(List<Path> paths) {
    PathOverlap.firstProblem(paths).ifPresent(this::defer);
  }
}
