package dev.tributary.engine.http.internal;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * SigV4's canonical request, rebuilt from a request as it arrived: method, canonical URI (the path
 * normalized and URI-encoded once more, as AWS does for every service but S3), canonical query
 * string (decoded, strictly re-encoded, sorted), canonical headers (the signed ones, values trimmed
 * and inner whitespace compressed), the signed-headers list and the payload hash.
 */
final class CanonicalRequest {
  private static final HexFormat HEX = HexFormat.of();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

  private CanonicalRequest() {}

  static String build(HttpRequestView request, List<String> signedHeaders) {
    StringBuilder sb = new StringBuilder(512);
    sb.append(request.method().toUpperCase(Locale.ROOT)).append('\n');
    sb.append(canonicalUri(request.path())).append('\n');
    sb.append(canonicalQuery(request.rawQuery())).append('\n');
    for (String name : signedHeaders) {
      sb.append(name.toLowerCase(Locale.ROOT))
          .append(':')
          .append(canonicalValue(request.headerValues(name)))
          .append('\n');
    }
    sb.append('\n');
    sb.append(String.join(";", signedHeaders)).append('\n');
    sb.append(payloadHash(request));
    return sb.toString();
  }

  /**
   * The body's SHA-256. A client's {@code x-amz-content-sha256} is used only when it is that same
   * hash, so a body changed in flight never verifies.
   */
  static String payloadHash(HttpRequestView request) {
    String actual = HEX.formatHex(Crypto.sha256(request.body()));
    Optional<String> claimed = request.header("x-amz-content-sha256");
    return claimed.filter(c -> c.trim().equalsIgnoreCase(actual)).map(String::trim).orElse(actual);
  }

  static String canonicalUri(String rawPath) {
    String path = rawPath.isEmpty() ? "/" : rawPath;
    String normalized;
    try {
      // The path is still percent-encoded, so it parses as a URI path; normalize() removes dot
      // segments as the AWS SDKs do before signing.
      normalized = new URI(path).normalize().getRawPath();
    } catch (URISyntaxException e) {
      normalized = path;
    }
    if (normalized == null || normalized.isEmpty() || normalized.charAt(0) != '/') {
      normalized = "/" + (normalized == null ? "" : normalized);
    }
    if (path.endsWith("/") && !normalized.endsWith("/")) {
      normalized = normalized + "/";
    }
    return encode(normalized, true);
  }

  static String canonicalQuery(String rawQuery) {
    if (rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> pairs = new ArrayList<>();
    for (String param : rawQuery.split("&")) {
      if (param.isEmpty()) {
        continue;
      }
      int eq = param.indexOf('=');
      String name = eq < 0 ? param : param.substring(0, eq);
      String value = eq < 0 ? "" : param.substring(eq + 1);
      pairs.add(new String[] {encode(decode(name), false), encode(decode(value), false)});
    }
    pairs.sort(
        (a, b) -> {
          int c = a[0].compareTo(b[0]);
          return c != 0 ? c : a[1].compareTo(b[1]);
        });
    StringBuilder sb = new StringBuilder();
    for (String[] p : pairs) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      sb.append(p[0]).append('=').append(p[1]);
    }
    return sb.toString();
  }

  /** Header values joined by commas, each trimmed, runs of whitespace inside made one space. */
  static String canonicalValue(List<String> values) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < values.size(); i++) {
      if (i > 0) {
        sb.append(',');
      }
      String v = values.get(i);
      int start = sb.length();
      boolean pendingSpace = false;
      for (int j = 0; j < v.length(); j++) {
        char ch = v.charAt(j);
        if (Character.isWhitespace(ch)) {
          pendingSpace = sb.length() > start;
        } else {
          if (pendingSpace) {
            sb.append(' ');
            pendingSpace = false;
          }
          sb.append(ch);
        }
      }
    }
    return sb.toString();
  }

  /** RFC 3986 encoding: everything but unreserved characters (and '/' when asked) as %XX. */
  static String encode(String s, boolean keepSlash) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    StringBuilder sb = new StringBuilder(bytes.length + 16);
    for (byte b : bytes) {
      int c = b & 0xff;
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '-'
          || c == '_'
          || c == '.'
          || c == '~'
          || (keepSlash && c == '/')) {
        sb.append((char) c);
      } else {
        sb.append('%').append(UPPER_HEX[c >> 4]).append(UPPER_HEX[c & 0xf]);
      }
    }
    return sb.toString();
  }

  /** Percent-decoding; '+' stays '+', a malformed escape stays as it is. */
  static String decode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    int i = 0;
    while (i < s.length()) {
      char ch = s.charAt(i);
      if (ch == '%'
          && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0
          && Character.digit(s.charAt(i + 2), 16) >= 0) {
        out.write(Character.digit(s.charAt(i + 1), 16) * 16 + Character.digit(s.charAt(i + 2), 16));
        i += 3;
      } else {
        int cp = s.codePointAt(i);
        byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
        i += Character.charCount(cp);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
