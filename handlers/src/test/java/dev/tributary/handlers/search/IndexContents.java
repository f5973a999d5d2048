package dev.tributary.handlers.search;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Reads an index back over plain HTTP, independent of the client under test. */
final class IndexContents {
  /** Numbers as BigDecimal/BigInteger, so a comparison sees every digit. */
  static final ObjectMapper EXACT =
      new ObjectMapper()
          .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
          .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);

  private final String url;
  private final HttpClient http = HttpClient.newHttpClient();

  IndexContents(String url) {
    this.url = url;
  }

  JsonNode call(String method, String path, String body) throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url + path))
            .header("content-type", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    return EXACT.readTree(r.body());
  }

  /** Every document of {@code index} by id, after a refresh, read with a scroll. */
  Map<String, JsonNode> all(String index) throws IOException, InterruptedException {
    call("POST", "/" + index + "/_refresh", null);
    Map<String, JsonNode> out = new TreeMap<>();
    JsonNode page =
        call("POST", "/" + index + "/_search?scroll=1m", "{\"size\":500,\"sort\":[\"_doc\"]}");
    while (page.path("hits").path("hits").size() > 0) {
      for (JsonNode hit : page.path("hits").path("hits")) {
        out.put(hit.get("_id").asText(), hit.get("_source"));
      }
      String scrollId = page.get("_scroll_id").asText();
      page =
          call("POST", "/_search/scroll", "{\"scroll\":\"1m\",\"scroll_id\":\"" + scrollId + "\"}");
    }
    if (page.has("_scroll_id")) {
      call(
          "DELETE",
          "/_search/scroll",
          "{\"scroll_id\":\"" + page.get("_scroll_id").asText() + "\"}");
    }
    return out;
  }

  /** One document's GET answer (with _version), or found=false. */
  JsonNode get(String index, String id) throws IOException, InterruptedException {
    return call(
        "GET", "/" + index + "/_doc/" + URLEncoder.encode(id, StandardCharsets.UTF_8), null);
  }
}
