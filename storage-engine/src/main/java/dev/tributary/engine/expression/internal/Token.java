package dev.tributary.engine.expression.internal;

/** A token of an expression and where it stands in the text. */
record Token(Token.Kind kind, String text, int start, int end) {
  enum Kind {
    IDENTIFIER,
    NAME_PLACEHOLDER,
    VALUE_PLACEHOLDER,
    NUMBER,
    EQ,
    NE,
    LT,
    LE,
    GT,
    GE,
    LPAREN,
    RPAREN,
    LBRACKET,
    RBRACKET,
    COMMA,
    DOT,
    PLUS,
    MINUS,
    /** A character no token starts with; the parser reports it as a syntax error. */
    UNKNOWN,
    EOF
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
