package dev.tributary.engine.http.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * HTTP content codings as DynamoDB handles them: request bodies sent with {@code Content-Encoding:
 * gzip} or {@code deflate} (botocore compresses large requests) are inflated after the signature
 * is checked (it covers the bytes as sent), never past the request size limit; responses over 4
 * KB are compressed when the client's {@code Accept-Encoding} asks for it.
 */
final class ContentCoding {
  /** DynamoDB compresses responses larger than this, when asked to. */
  static final int RESPONSE_THRESHOLD = 4096;
  /** The most an inflated request body may hold: DynamoDB's 16 MB request limit. */
  static final int MAX_INFLATED_BYTES = 16 * 1024 * 1024;

  private ContentCoding() {}

  /** The request body with its content coding removed. */
  static byte[] requestBody(HttpRequestView request) {
    Optional<String> coding = request.header("Content-Encoding");
    if (coding.isEmpty()) {
      return request.body();
    }
    String c = coding.get().trim().toLowerCase(Locale.ROOT);
    try {
      return switch (c) {
        case "", "identity" -> request.body();
        case "gzip", "x-gzip" -> inflate(new GZIPInputStream(new ByteArrayInputStream(request.body())));
        case "deflate" -> inflate(new InflaterInputStream(new ByteArrayInputStream(request.body())));
        default -> throw WireException.serialization("Unsupported Content-Encoding: " + coding.get());
      };
    } catch (IOException e) {
      throw WireException.serialization(
          "The request body is not valid " + c + " content: " + e.getMessage());
    }
  }

  private static byte[] inflate(InputStream in) throws IOException {
    try (in) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[16 * 1024];
      int n;
      while ((n = in.read(buffer)) > 0) {
        if (out.size() + n > MAX_INFLATED_BYTES) {
          throw WireException.tooLarge(MAX_INFLATED_BYTES);
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    }
  }

  /** A response body and the coding applied to it (empty: sent as is). */
  record Encoded(byte[] body, Optional<String> coding) {}

  /** Compresses {@code body} when it is large and {@code acceptEncoding} allows gzip or deflate. */
  static Encoded responseBody(byte[] body, String acceptEncoding) {
    if (acceptEncoding == null || body.length <= RESPONSE_THRESHOLD) {
      return new Encoded(body, Optional.empty());
    }
    String coding = chosen(acceptEncoding);
    if (coding == null) {
      return new Encoded(body, Optional.empty());
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(body.length / 4 + 64);
    try (var z = coding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return new Encoded(out.toByteArray(), Optional.of(coding));
  }

  /** gzip if acceptable, else deflate if acceptable, else null ({@code q=0} refuses a coding). */
  private static String chosen(String acceptEncoding) {
    boolean gzip = false;
    boolean deflate = false;
    for (String part : acceptEncoding.toLowerCase(Locale.ROOT).split(",")) {
      String[] p = part.trim().split(";");
      boolean refused = false;
      for (int i = 1; i < p.length; i++) {
        String param = p[i].trim();
        if (param.startsWith("q=")) {
          try {
            refused = Double.parseDouble(param.substring(2)) <= 0;
          } catch (NumberFormatException e) {
            refused = true;
          }
        }
      }
      if (!refused) {
        gzip |= p[0].equals("gzip") || p[0].equals("x-gzip");
        deflate |= p[0].equals("deflate");
      }
    }
    return gzip ? "gzip" : deflate ? "deflate" : null;
  }
}
