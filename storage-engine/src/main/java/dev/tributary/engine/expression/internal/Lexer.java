package dev.tributary.engine.expression.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits an expression into tokens with a hand-written scanner (no regex: this runs on every
 * request). Never fails: an unexpected character becomes an {@link Token.Kind#UNKNOWN} token so
 * that the parser reports it with DynamoDB's syntax-error message.
 */
final class Lexer {
  private Lexer() {}

  static List<Token> tokenize(String text) {
    List<Token> out = new ArrayList<>(Math.max(8, text.length() / 3));
    int n = text.length();
    int i = 0;
    while (i < n) {
      char c = text.charAt(i);
      if (isSpace(c)) {
        i++;
        continue;
      }
      int start = i;
      Token.Kind kind;
      if (isIdentifierStart(c)) {
        i = scanWord(text, i + 1);
        kind = Token.Kind.IDENTIFIER;
      } else if (isDigit(c)) {
        while (i < n && isDigit(text.charAt(i))) {
          i++;
        }
        kind = Token.Kind.NUMBER;
      } else if ((c == '#' || c == ':') && i + 1 < n && isWordPart(text.charAt(i + 1))) {
        i = scanWord(text, i + 1);
        kind = c == '#' ? Token.Kind.NAME_PLACEHOLDER : Token.Kind.VALUE_PLACEHOLDER;
      } else {
        kind = operatorAt(text, i);
        i += kind == Token.Kind.UNKNOWN ? 1 : kind.symbolLength();
      }
      out.add(new Token(kind, text.substring(start, i), start, i));
    }
    out.add(new Token(Token.Kind.EOF, Token.EOF_TEXT, n, n));
    return out;
  }

  /** The longest operator or punctuation at {@code i} ({@code <>} before {@code <}). */
  private static Token.Kind operatorAt(String text, int i) {
    if (i + 1 < text.length()) {
      Token.Kind two = Token.Kind.ofSymbol(text.substring(i, i + 2));
      if (two != Token.Kind.UNKNOWN) {
        return two;
      }
    }
    return Token.Kind.ofSymbol(text.substring(i, i + 1));
  }

  private static int scanWord(String text, int i) {
    int n = text.length();
    while (i < n && isWordPart(text.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  /** DynamoDB's names and functions begin with a letter: {@code _a} is a syntax error at "_". */
  private static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  private static boolean isWordPart(char c) {
    return isIdentifierStart(c) || isDigit(c) || c == '_';
  }
}
