package dev.tributary.engine.http.internal;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One HTTP request as the server received it, independent of the HTTP library: what a {@link
 * RequestAuthenticator} needs to verify a signature. Header names are case-insensitive; a header
 * may carry several values, in the order received.
 */
public final class HttpRequestView {
  private final String method;
  private final String path;
  private final String rawQuery;
  private final Map<String, List<String>> headers;
  private final byte[] body;

  /**
   * @param rawQuery the query string as sent (still percent-encoded), empty when there is none
   * @param headers header name to values; copied into a case-insensitive map
   */
  public HttpRequestView(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    this.method = Objects.requireNonNull(method, "method");
    this.path = Objects.requireNonNull(path, "path");
    this.rawQuery = Objects.requireNonNull(rawQuery, "rawQuery");
    TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    Objects.requireNonNull(headers, "headers")
        .forEach((k, v) -> h.computeIfAbsent(k, x -> new java.util.ArrayList<>()).addAll(v));
    h.replaceAll((k, v) -> List.copyOf(v));
    this.headers = Collections.unmodifiableMap(h);
    this.body = Objects.requireNonNull(body, "body");
  }

  /** The request method, e.g. {@code POST}. */
  public String method() {
    return method;
  }

  /** The path as sent, without the query, e.g. {@code /}. */
  public String path() {
    return path;
  }

  /** The query string as sent (percent-encoded, without {@code ?}); empty when there is none. */
  public String rawQuery() {
    return rawQuery;
  }

  /** All headers: a case-insensitive, unmodifiable map of name to values in the order received. */
  public Map<String, List<String>> headers() {
    return headers;
  }

  /** The values of one header (case-insensitive), empty when absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name, List.of());
  }

  /** The first value of one header (case-insensitive). */
  public Optional<String> header(String name) {
    List<String> v = headers.get(name);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
  }

  /** The body bytes; the array is shared, do not modify it. */
  public byte[] body() {
    return body;
  }
}
