package dev.tributary.engine.http.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One HTTP request as the authenticator and the API handlers see it, independent of the server
 * library.
 *
 * @param method the request method, upper case ({@code POST})
 * @param path the path exactly as on the request line, still percent-encoded, without the query
 *     ({@code /})
 * @param rawQuery the query string exactly as on the request line, without the {@code ?}; empty
 *     when there is none
 * @param headers every header, names lower-cased, values in arrival order; a name that arrived in
 *     several cases or lines is merged into one entry
 * @param body the request body, possibly empty
 */
public record HttpRequestView(
    String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {

  public HttpRequestView {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(path, "path");
    rawQuery = rawQuery == null ? "" : rawQuery;
    Objects.requireNonNull(headers, "headers");
    headers = headers instanceof LowerCased ? headers : lowerCased(headers);
    body = body == null ? new byte[0] : body;
  }

  /**
   * A view whose header names the caller has already lower-cased and merged: the server's hot path,
   * which builds the map once instead of twice. The map must not change afterwards.
   */
  static HttpRequestView lowerCasedHeaders(
      String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
    return new HttpRequestView(method, path, rawQuery, new LowerCased(headers), body);
  }

  /** A read-only view of a header map that is already lower-cased. */
  private static final class LowerCased extends AbstractMap<String, List<String>> {
    private final Map<String, List<String>> headers;

    LowerCased(Map<String, List<String>> headers) {
      this.headers = headers;
    }

    @Override
    public List<String> get(Object name) {
      List<String> values = headers.get(name);
      return values == null ? null : Collections.unmodifiableList(values);
    }

    @Override
    public boolean containsKey(Object name) {
      return headers.containsKey(name);
    }

    @Override
    public int size() {
      return headers.size();
    }

    @Override
    public Set<Map.Entry<String, List<String>>> entrySet() {
      Map<String, List<String>> readOnly = new LinkedHashMap<>();
      headers.forEach((k, v) -> readOnly.put(k, List.copyOf(v)));
      return Collections.unmodifiableMap(readOnly).entrySet();
    }
  }

  /** The first value of a header (any case), if present. */
  public Optional<String> header(String name) {
    List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
    return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
  }

  /** Every value of a header (any case), in arrival order; empty if absent. */
  public List<String> headerValues(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  private static Map<String, List<String>> lowerCased(Map<String, List<String>> in) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : in.entrySet()) {
      out.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .addAll(e.getValue());
    }
    out.replaceAll((k, v) -> List.copyOf(v));
    return Collections.unmodifiableMap(out);
  }

  @Override
  public String toString() {
    return "HttpRequestView["
        + method
        + " "
        + path
        + (rawQuery.isEmpty() ? "" : "?" + rawQuery)
        + ", "
        + headers.size()
        + " headers, "
        + body.length
        + " body bytes]";
  }
}
