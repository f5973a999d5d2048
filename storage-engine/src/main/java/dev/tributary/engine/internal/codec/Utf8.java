package dev.tributary.engine.internal.codec;

import java.nio.charset.StandardCharsets;

/**
 * UTF-8 straight into a {@link ByteSink}, without the temporary array of {@code String.getBytes}.
 * An unpaired surrogate becomes {@code '?'}, as the JDK encoder does, so both paths agree.
 */
final class Utf8 {
  private Utf8() {}

  static int encodedLength(String s) {
    int n = s.length();
    int len = n;
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c >= 0x80) {
        if (c < 0x800) {
          len += 1;
        } else if (Character.isSurrogate(c)) {
          if (Character.isHighSurrogate(c)
              && i + 1 < n
              && Character.isLowSurrogate(s.charAt(i + 1))) {
            len += 2; // four bytes for two chars
            i++;
          } // else: '?', one byte, already counted
        } else {
          len += 2;
        }
      }
    }
    return len;
  }

  /**
   * Writes the UTF-8 bytes of {@code s}; when {@code escapeZero}, each 0x00 byte is followed by
   * 0xFF (the key encoding's escape). Returns the number of bytes written.
   */
  static int write(String s, ByteSink sink, boolean escapeZero) {
    int n = s.length();
    sink.ensure(n * 3 + (escapeZero ? n : 0));
    int before = sink.size();
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        sink.putUnchecked(c);
        if (c == 0 && escapeZero) {
          sink.putUnchecked(0xFF);
        }
      } else if (c < 0x800) {
        sink.putUnchecked(0xC0 | (c >> 6));
        sink.putUnchecked(0x80 | (c & 0x3F));
      } else if (Character.isSurrogate(c)) {
        if (Character.isHighSurrogate(c)
            && i + 1 < n
            && Character.isLowSurrogate(s.charAt(i + 1))) {
          int cp = Character.toCodePoint(c, s.charAt(++i));
          sink.putUnchecked(0xF0 | (cp >> 18));
          sink.putUnchecked(0x80 | ((cp >> 12) & 0x3F));
          sink.putUnchecked(0x80 | ((cp >> 6) & 0x3F));
          sink.putUnchecked(0x80 | (cp & 0x3F));
        } else {
          sink.putUnchecked('?');
        }
      } else {
        sink.putUnchecked(0xE0 | (c >> 12));
        sink.putUnchecked(0x80 | ((c >> 6) & 0x3F));
        sink.putUnchecked(0x80 | (c & 0x3F));
      }
    }
    return sink.size() - before;
  }

  static String decode(byte[] bytes, int offset, int length) {
    return new String(bytes, offset, length, StandardCharsets.UTF_8);
  }
}
