package dev.tributary.engine.http.internal;

import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.internal.PartiqlAst.Action;
import dev.tributary.engine.http.internal.PartiqlAst.And;
import dev.tributary.engine.http.internal.PartiqlAst.Arith;
import dev.tributary.engine.http.internal.PartiqlAst.Between;
import dev.tributary.engine.http.internal.PartiqlAst.Bool;
import dev.tributary.engine.http.internal.PartiqlAst.Call;
import dev.tributary.engine.http.internal.PartiqlAst.Compare;
import dev.tributary.engine.http.internal.PartiqlAst.Delete;
import dev.tributary.engine.http.internal.PartiqlAst.Entry;
import dev.tributary.engine.http.internal.PartiqlAst.Expr;
import dev.tributary.engine.http.internal.PartiqlAst.In;
import dev.tributary.engine.http.internal.PartiqlAst.Index;
import dev.tributary.engine.http.internal.PartiqlAst.Insert;
import dev.tributary.engine.http.internal.PartiqlAst.IsMissing;
import dev.tributary.engine.http.internal.PartiqlAst.ListLit;
import dev.tributary.engine.http.internal.PartiqlAst.MapLit;
import dev.tributary.engine.http.internal.PartiqlAst.Name;
import dev.tributary.engine.http.internal.PartiqlAst.Not;
import dev.tributary.engine.http.internal.PartiqlAst.Null;
import dev.tributary.engine.http.internal.PartiqlAst.Num;
import dev.tributary.engine.http.internal.PartiqlAst.Or;
import dev.tributary.engine.http.internal.PartiqlAst.Param;
import dev.tributary.engine.http.internal.PartiqlAst.PathRef;
import dev.tributary.engine.http.internal.PartiqlAst.RemoveAction;
import dev.tributary.engine.http.internal.PartiqlAst.Select;
import dev.tributary.engine.http.internal.PartiqlAst.SetAction;
import dev.tributary.engine.http.internal.PartiqlAst.SetLit;
import dev.tributary.engine.http.internal.PartiqlAst.Statement;
import dev.tributary.engine.http.internal.PartiqlAst.Step;
import dev.tributary.engine.http.internal.PartiqlAst.Str;
import dev.tributary.engine.http.internal.PartiqlAst.Update;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads one PartiQL-for-DynamoDB statement into a {@link PartiqlAst} tree. Recursive descent with a
 * nesting limit, so hostile input (thousands of parentheses, NOTs or nested literals) is a
 * ValidationException and never a stack overflow.
 */
final class PartiqlParser {
  /** DynamoDB's limit on the Statement member, in characters. */
  static final int MAX_STATEMENT_LENGTH = 8192;

  /** Deepest nesting of parentheses, NOTs, function calls and literals accepted. */
  static final int MAX_DEPTH = 64;

  private enum Kind {
    IDENT,
    QUOTED,
    STRING,
    NUMBER,
    PUNCT,
    PARAM,
    END
  }

  private record Token(Kind kind, String text, int pos) {}

  private final List<Token> tokens;
  private int at;
  private int depth;
  private int params;

  private PartiqlParser(List<Token> tokens) {
    this.tokens = tokens;
  }

  /** Parses {@code statement}; the result counts the statement's {@code ?} parameters. */
  static Parsed parse(String statement) {
    if (statement.length() > MAX_STATEMENT_LENGTH) {
      throw new ValidationException(
          "1 validation error detected: Value at 'statement' failed to satisfy constraint: "
              + "Member must have length less than or equal to "
              + MAX_STATEMENT_LENGTH);
    }
    PartiqlParser p = new PartiqlParser(lex(statement));
    Statement s = p.statement();
    return new Parsed(s, p.params);
  }

  /** A parsed statement and how many {@code ?} it holds. */
  record Parsed(Statement statement, int parameterCount) {}

  static ValidationException malformed(String detail) {
    return new ValidationException("Statement wasn't well formed, can't be processed: " + detail);
  }

  // ---- lexer -------------------------------------------------------------------------------

  private static List<Token> lex(String s) {
    List<Token> out = new ArrayList<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '-' && i + 1 < n && s.charAt(i + 1) == '-') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (Character.isLetter(c) || c == '_') {
        int start = i;
        while (i < n && (Character.isLetterOrDigit(s.charAt(i)) || s.charAt(i) == '_')) {
          i++;
        }
        out.add(new Token(Kind.IDENT, s.substring(start, i), start));
      } else if (Character.isDigit(c)) {
        int start = i;
        while (i < n && Character.isDigit(s.charAt(i))) {
          i++;
        }
        if (i + 1 < n && s.charAt(i) == '.' && Character.isDigit(s.charAt(i + 1))) {
          i++;
          while (i < n && Character.isDigit(s.charAt(i))) {
            i++;
          }
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
          int j = i + 1;
          if (j < n && (s.charAt(j) == '+' || s.charAt(j) == '-')) {
            j++;
          }
          if (j < n && Character.isDigit(s.charAt(j))) {
            i = j;
            while (i < n && Character.isDigit(s.charAt(i))) {
              i++;
            }
          }
        }
        out.add(new Token(Kind.NUMBER, s.substring(start, i), start));
      } else if (c == '\'' || c == '"') {
        int start = i;
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw malformed(
                "unterminated "
                    + (c == '"' ? "quoted identifier" : "string")
                    + " at position "
                    + (start + 1));
          }
          char d = s.charAt(i);
          if (d == c) {
            if (i + 1 < n && s.charAt(i + 1) == c) {
              b.append(c);
              i += 2;
              continue;
            }
            i++;
            break;
          }
          b.append(d);
          i++;
        }
        out.add(new Token(c == '"' ? Kind.QUOTED : Kind.STRING, b.toString(), start));
      } else if (c == '?') {
        out.add(new Token(Kind.PARAM, "?", i++));
      } else {
        String two = i + 1 < n ? s.substring(i, i + 2) : "";
        if (List.of("<<", ">>", "<=", ">=", "<>", "!=").contains(two)) {
          out.add(new Token(Kind.PUNCT, two, i));
          i += 2;
        } else if ("()[]{},.:=<>+-*;".indexOf(c) >= 0) {
          out.add(new Token(Kind.PUNCT, String.valueOf(c), i++));
        } else {
          throw malformed("unexpected character '" + c + "' at position " + (i + 1));
        }
      }
    }
    out.add(new Token(Kind.END, "", n));
    return out;
  }

  // ---- helpers -----------------------------------------------------------------------------

  private Token peek() {
    return tokens.get(at);
  }

  private Token peek(int ahead) {
    return tokens.get(Math.min(at + ahead, tokens.size() - 1));
  }

  private Token next() {
    Token t = tokens.get(at);
    if (t.kind != Kind.END) {
      at++;
    }
    return t;
  }

  private boolean isKeyword(Token t, String word) {
    return t.kind == Kind.IDENT && t.text.equalsIgnoreCase(word);
  }

  private boolean acceptKeyword(String word) {
    if (isKeyword(peek(), word)) {
      at++;
      return true;
    }
    return false;
  }

  private void expectKeyword(String word) {
    if (!acceptKeyword(word)) {
      throw unexpected(word);
    }
  }

  private boolean isPunct(String p) {
    Token t = peek();
    return t.kind == Kind.PUNCT && t.text.equals(p);
  }

  private boolean acceptPunct(String p) {
    if (isPunct(p)) {
      at++;
      return true;
    }
    return false;
  }

  private void expectPunct(String p) {
    if (!acceptPunct(p)) {
      throw unexpected("'" + p + "'");
    }
  }

  private ValidationException unexpected(String expected) {
    Token t = peek();
    String found = t.kind == Kind.END ? "end of statement" : "token '" + t.text + "'";
    return malformed(
        "unexpected "
            + found
            + " at position "
            + (t.pos + 1)
            + (expected.isEmpty() ? "" : ", expected " + expected));
  }

  private void enter() {
    if (++depth > MAX_DEPTH) {
      throw malformed("statement nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  // ---- statements --------------------------------------------------------------------------

  private Statement statement() {
    Token t = peek();
    Statement s;
    if (isKeyword(t, "SELECT")) {
      s = select();
    } else if (isKeyword(t, "INSERT")) {
      s = insert();
    } else if (isKeyword(t, "UPDATE")) {
      s = update();
    } else if (isKeyword(t, "DELETE")) {
      s = delete();
    } else if (t.kind == Kind.END) {
      throw malformed("empty statement");
    } else {
      throw unexpected("SELECT, INSERT, UPDATE or DELETE");
    }
    acceptPunct(";");
    if (peek().kind != Kind.END) {
      throw unexpected("");
    }
    return s;
  }

  private Select select() {
    expectKeyword("SELECT");
    List<PartiqlAst.Path> projection = new ArrayList<>();
    if (!acceptPunct("*")) {
      do {
        projection.add(path());
      } while (acceptPunct(","));
    }
    expectKeyword("FROM");
    String table = name();
    Optional<String> index = Optional.empty();
    if (acceptPunct(".")) {
      index = Optional.of(name());
    }
    Optional<Expr> where = acceptKeyword("WHERE") ? Optional.of(expr()) : Optional.empty();
    return new Select(List.copyOf(projection), table, index, where);
  }

  private Insert insert() {
    expectKeyword("INSERT");
    expectKeyword("INTO");
    String table = name();
    expectKeyword("VALUE");
    Expr item = primary();
    return new Insert(table, item);
  }

  private Update update() {
    expectKeyword("UPDATE");
    String table = name();
    List<Action> actions = new ArrayList<>();
    while (true) {
      if (acceptKeyword("SET")) {
        do {
          PartiqlAst.Path p = path();
          expectPunct("=");
          actions.add(new SetAction(p, additive()));
        } while (acceptPunct(","));
      } else if (acceptKeyword("REMOVE")) {
        do {
          actions.add(new RemoveAction(path()));
        } while (acceptPunct(","));
      } else {
        break;
      }
    }
    if (actions.isEmpty()) {
      throw unexpected("SET or REMOVE");
    }
    expectKeyword("WHERE");
    Expr where = expr();
    return new Update(table, List.copyOf(actions), where, returning(false));
  }

  private Delete delete() {
    expectKeyword("DELETE");
    expectKeyword("FROM");
    String table = name();
    expectKeyword("WHERE");
    Expr where = expr();
    return new Delete(table, where, returning(true));
  }

  /** {@code RETURNING (ALL|MODIFIED) (OLD|NEW) *} as a ReturnValues name. */
  private Optional<String> returning(boolean deleteOnly) {
    if (!acceptKeyword("RETURNING")) {
      return Optional.empty();
    }
    String which = acceptKeyword("ALL") ? "ALL" : acceptKeyword("MODIFIED") ? "UPDATED" : null;
    if (which == null) {
      throw unexpected("ALL or MODIFIED");
    }
    String image = acceptKeyword("OLD") ? "OLD" : acceptKeyword("NEW") ? "NEW" : null;
    if (image == null) {
      throw unexpected("OLD or NEW");
    }
    expectPunct("*");
    String value = which + "_" + image;
    if (deleteOnly && !value.equals("ALL_OLD")) {
      throw malformed("DELETE supports only RETURNING ALL OLD *");
    }
    return Optional.of(value);
  }

  private String name() {
    Token t = peek();
    if (t.kind == Kind.QUOTED || t.kind == Kind.IDENT) {
      at++;
      return t.text;
    }
    throw unexpected("a name");
  }

  private PartiqlAst.Path path() {
    List<Step> steps = new ArrayList<>();
    steps.add(new Name(name()));
    while (true) {
      if (isPunct(".") && (peek(1).kind == Kind.IDENT || peek(1).kind == Kind.QUOTED)) {
        at++;
        steps.add(new Name(name()));
      } else if (acceptPunct("[")) {
        Token t = next();
        if (t.kind == Kind.NUMBER
            && t.text.chars().allMatch(Character::isDigit)
            && t.text.length() < 10) {
          steps.add(new Index(Integer.parseInt(t.text)));
        } else if (t.kind == Kind.STRING) {
          steps.add(new Name(t.text));
        } else {
          at--;
          throw unexpected("a list index");
        }
        expectPunct("]");
      } else {
        return new PartiqlAst.Path(List.copyOf(steps));
      }
      if (steps.size() > 32) {
        throw malformed("document path deeper than 32 levels");
      }
    }
  }

  // ---- expressions -------------------------------------------------------------------------

  private Expr expr() {
    enter();
    Expr left = and();
    while (acceptKeyword("OR")) {
      left = new Or(left, and());
    }
    depth--;
    return left;
  }

  private Expr and() {
    Expr left = not();
    while (acceptKeyword("AND")) {
      left = new And(left, not());
    }
    return left;
  }

  private Expr not() {
    if (acceptKeyword("NOT")) {
      enter();
      Expr e = new Not(not());
      depth--;
      return e;
    }
    return predicate();
  }

  private Expr predicate() {
    Expr left = additive();
    Token t = peek();
    if (t.kind == Kind.PUNCT && List.of("=", "<>", "!=", "<", "<=", ">", ">=").contains(t.text)) {
      at++;
      String op = t.text.equals("!=") ? "<>" : t.text;
      return new Compare(op, left, additive());
    }
    boolean negated = false;
    if (isKeyword(t, "NOT") && (isKeyword(peek(1), "BETWEEN") || isKeyword(peek(1), "IN"))) {
      at++;
      negated = true;
    }
    Expr result = null;
    if (acceptKeyword("BETWEEN")) {
      Expr low = additive();
      expectKeyword("AND");
      result = new Between(left, low, additive());
    } else if (acceptKeyword("IN")) {
      String close;
      if (acceptPunct("(")) {
        close = ")";
      } else if (acceptPunct("[")) {
        close = "]";
      } else {
        throw unexpected("'(' or '['");
      }
      List<Expr> candidates = new ArrayList<>();
      do {
        candidates.add(additive());
      } while (acceptPunct(","));
      expectPunct(close);
      result = new In(left, List.copyOf(candidates));
    } else if (acceptKeyword("IS")) {
      boolean not = acceptKeyword("NOT");
      if (!(left instanceof PathRef p)) {
        throw malformed("IS MISSING applies to a document path");
      }
      if (acceptKeyword("MISSING")) {
        return new IsMissing(p.path(), not);
      }
      if (acceptKeyword("NULL")) {
        Expr isNull = new Call("attribute_type", List.of(left, new Str("NULL")));
        return not ? new Not(isNull) : isNull;
      }
      throw unexpected("MISSING or NULL");
    }
    if (result != null) {
      return negated ? new Not(result) : result;
    }
    return left;
  }

  private Expr additive() {
    Expr left = primary();
    while (isPunct("+") || isPunct("-")) {
      char op = next().text.charAt(0);
      left = new Arith(op, left, primary());
    }
    return left;
  }

  private Expr primary() {
    enter();
    try {
      Token t = peek();
      if (t.kind == Kind.PUNCT) {
        switch (t.text) {
          case "(" -> {
            at++;
            Expr e = expr();
            expectPunct(")");
            return e;
          }
          case "[" -> {
            at++;
            return new ListLit(elements("]"));
          }
          case "<<" -> {
            at++;
            return new SetLit(elements(">>"));
          }
          case "{" -> {
            at++;
            return map();
          }
          case "-" -> {
            if (peek(1).kind == Kind.NUMBER) {
              at++;
              return new Num("-" + next().text);
            }
          }
          default -> {}
        }
        throw unexpected("a value");
      }
      switch (t.kind) {
        case PARAM -> {
          at++;
          return new Param(params++);
        }
        case STRING -> {
          at++;
          return new Str(t.text);
        }
        case NUMBER -> {
          at++;
          return new Num(t.text);
        }
        case QUOTED -> {
          return new PathRef(path());
        }
        case IDENT -> {
          String word = t.text.toUpperCase(Locale.ROOT);
          if (peek(1).kind == Kind.PUNCT && peek(1).text.equals("(")) {
            at += 2;
            List<Expr> args = new ArrayList<>();
            if (!acceptPunct(")")) {
              do {
                args.add(additive());
              } while (acceptPunct(","));
              expectPunct(")");
            }
            return new Call(t.text.toLowerCase(Locale.ROOT), List.copyOf(args));
          }
          switch (word) {
            case "TRUE", "FALSE" -> {
              at++;
              return new Bool(word.equals("TRUE"));
            }
            case "NULL" -> {
              at++;
              return new Null();
            }
            default -> {
              return new PathRef(path());
            }
          }
        }
        default -> throw unexpected("a value");
      }
    } finally {
      depth--;
    }
  }

  private List<Expr> elements(String close) {
    List<Expr> out = new ArrayList<>();
    if (acceptPunct(close)) {
      return List.of();
    }
    do {
      out.add(additive());
    } while (acceptPunct(","));
    expectPunct(close);
    return List.copyOf(out);
  }

  private Expr map() {
    List<Entry> entries = new ArrayList<>();
    if (acceptPunct("}")) {
      return new MapLit(List.of());
    }
    do {
      Token k = next();
      if (k.kind != Kind.STRING && k.kind != Kind.QUOTED && k.kind != Kind.IDENT) {
        at--;
        throw unexpected("a map key");
      }
      expectPunct(":");
      entries.add(new Entry(k.text, additive()));
    } while (acceptPunct(","));
    expectPunct("}");
    return new MapLit(List.copyOf(entries));
  }
}
