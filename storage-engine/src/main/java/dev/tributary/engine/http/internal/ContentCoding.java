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
 * gzip} or {@code deflate} (botocore compresses large requests) are inflated after the signature is
 * checked (it covers the bytes as sent), never past the request size limit; responses over 4 KB are
 * compressed when the client's {@code Accept-Encoding} asks for it.
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
        case "gzip", "x-gzip" ->
            inflate(new GZIPInputStream(new ByteArrayInputStream(request.body())));
        case "deflate" ->
            inflate(new InflaterInputStream(new ByteArrayInputStream(request.body())));
        default ->
            throw WireException.serialization("Unsupported Content-Encoding: " + coding.get());
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
    try (var z =
        coding.equals("gzip") ? new GZIPOutputStream(out) : new DeflaterOutputStream(out)) {
      z.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // in memory: cannot happen
    }
    return new Encoded(out.toByteArray(), Optional.of(coding));
  }

  /**
   * The coding DynamoDB picks: of gzip and deflate, the one with the highest quality; a coding
   * named outright beats one only covered by {@code *}, an earlier name a later one, and gzip
   * deflate when {@code *} covers both. {@code q=0} refuses; other codings (x-gzip, br) and
   * identity are ignored. Null when neither is acceptable.
   */
  private static String chosen(String acceptEncoding) {
    double[] q = {-2, -2}; // gzip, deflate: named quality, -2 when not named
    int[] at = {Integer.MAX_VALUE, Integer.MAX_VALUE};
    double any = -1;
    String[] parts = acceptEncoding.toLowerCase(Locale.ROOT).split(",");
    for (int n = 0; n < parts.length; n++) {
      String[] p = parts[n].split(";");
      String name = p[0].trim();
      // as DynamoDB reads it: the first parameter holding "q=" gives the quality (above 1 counts
      // as 1); one that is no number leaves the default 1
      double quality = 1;
      for (int i = 1; i < p.length; i++) {
        int q0 = p[i].indexOf("q=");
        if (q0 >= 0) {
          try {
            quality = Math.min(1, Double.parseDouble(p[i].substring(q0 + 2).trim()));
          } catch (NumberFormatException e) {
            quality = 1;
          }
          break;
        }
      }
      int c = name.equals("gzip") ? 0 : name.equals("deflate") ? 1 : -1;
      if (c >= 0) { // named more than once: the best of its qualities
        at[c] = Math.min(at[c], n);
        q[c] = Math.max(q[c], quality);
      } else if (name.equals("*")) {
        any = Math.max(any, quality);
      }
    }
    String best = null;
    double bestQ = 0;
    boolean bestNamed = false;
    int bestAt = Integer.MAX_VALUE;
    for (int c = 0; c < 2; c++) {
      boolean named = q[c] > -2;
      double quality = named ? q[c] : any;
      if (quality <= 0) {
        continue;
      }
      boolean better =
          quality > bestQ || (quality == bestQ && named && (!bestNamed || at[c] < bestAt));
      if (best == null || better) {
        best = c == 0 ? "gzip" : "deflate";
        bestQ = quality;
        bestNamed = named;
        bestAt = at[c];
      }
    }
    return best;
  }
}
