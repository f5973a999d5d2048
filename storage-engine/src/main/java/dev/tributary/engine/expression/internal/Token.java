package dev.tributary.engine.expression.internal;

import dev.tributary.engine.expression.Comparator;
import java.util.HashMap;
import java.util.Map;

/** A token of an expression and where it stands in the text. */
record Token(Token.Kind kind, String text, int start, int end) {
  enum Kind {
    IDENTIFIER,
    NAME_PLACEHOLDER,
    VALUE_PLACEHOLDER,
    NUMBER,
    EQ(Comparator.EQ),
    NE(Comparator.NE),
    LT(Comparator.LT),
    LE(Comparator.LE),
    GT(Comparator.GT),
    GE(Comparator.GE),
    LPAREN("("),
    RPAREN(")"),
    LBRACKET("["),
    RBRACKET("]"),
    COMMA(","),
    DOT("."),
    PLUS("+"),
    MINUS("-"),
    /** A character no token starts with; the parser reports it as a syntax error. */
    UNKNOWN,
    EOF;

    private static final Map<String, Kind> BY_SYMBOL = new HashMap<>();

    static {
      for (Kind k : values()) {
        if (k.symbol != null) {
          BY_SYMBOL.put(k.symbol, k);
        }
      }
    }

    /** What the token is written as, for operators and punctuation; otherwise null. */
    private final String symbol;

    /** The comparison this token stands for, or null. */
    private final Comparator comparator;

    Kind() {
      this.symbol = null;
      this.comparator = null;
    }

    Kind(String symbol) {
      this.symbol = symbol;
      this.comparator = null;
    }

    Kind(Comparator comparator) {
      this.symbol = comparator.symbol();
      this.comparator = comparator;
    }

    /** The operator or punctuation written {@code symbol}, or {@link #UNKNOWN}. */
    static Kind ofSymbol(String symbol) {
      return BY_SYMBOL.getOrDefault(symbol, UNKNOWN);
    }

    int symbolLength() {
      return symbol.length();
    }

    /** The comparison operator of this token ({@code = <> < <= > >=}), or null for any other. */
    Comparator comparator() {
      return comparator;
    }
  }

  static final String EOF_TEXT = "<EOF>";

  boolean is(Kind k) {
    return kind == k;
  }

  /** Whether this is the identifier {@code keyword}, in any case (DynamoDB's keywords are). */
  boolean isKeyword(String keyword) {
    return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(keyword);
  }
}
