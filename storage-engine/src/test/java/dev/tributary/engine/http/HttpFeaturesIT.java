package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.signer.Aws4Signer;
import software.amazon.awssdk.auth.signer.params.Aws4SignerParams;
import software.amazon.awssdk.http.SdkHttpFullRequest;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.regions.Region;

/**
 * HTTP as DynamoDB speaks it: compressed request bodies (signed as sent), compressed responses when
 * asked, Date and Server headers, CORS for browser pages, the {@code GET /} health answer. Requests
 * are signed with SigV4 by the SDK's signer, so authentication stays on throughout.
 */
class HttpFeaturesIT extends WireTestBase {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<byte[]> send(HttpRequest.Builder b) throws Exception {
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static URI root() {
    return server.endpoint().resolve("/");
  }

  /** A request the engine accepts: signed by the SDK's own SigV4 signer over {@code body}. */
  private static HttpRequest.Builder signed(String target, byte[] body, Map<String, String> extra) {
    var unsigned =
        SdkHttpFullRequest.builder()
            .method(SdkHttpMethod.POST)
            .uri(root())
            .putHeader("Content-Type", "application/x-amz-json-1.0")
            .putHeader("X-Amz-Target", "DynamoDB_20120810." + target)
            .contentStreamProvider(() -> new ByteArrayInputStream(body));
    extra.forEach(unsigned::putHeader);
    var signer = Aws4Signer.create();
    var params =
        Aws4SignerParams.builder()
            .awsCredentials(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY))
            .signingName("dynamodb")
            .signingRegion(Region.US_EAST_1)
            .build();
    var signedRequest = signer.sign(unsigned.build(), params);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(root()).POST(HttpRequest.BodyPublishers.ofByteArray(body));
    signedRequest
        .headers()
        .forEach(
            (name, values) -> {
              if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> b.header(name, v));
              }
            });
    return b;
  }

  private static byte[] gzip(byte[] data) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  @Test
  void compressedRequestBodiesAreReadAfterTheirSignatureIsChecked() throws Exception {
    String name = createTable("Gzip", false);
    byte[] json =
        ("{\"TableName\":\""
                + name
                + "\",\"Item\":{\"pk\":{\"S\":\"gz\"},\"v\":{\"S\":\""
                + "x".repeat(5000)
                + "\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r =
        send(signed("PutItem", gzip(json), Map.of("Content-Encoding", "gzip")));
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    ByteArrayOutputStream deflated = new ByteArrayOutputStream();
    try (DeflaterOutputStream z = new DeflaterOutputStream(deflated)) {
      z.write(json.clone());
    }
    byte[] json2 =
        new String(json, StandardCharsets.UTF_8)
            .replace("\"gz\"", "\"df\"")
            .getBytes(StandardCharsets.UTF_8);
    deflated.reset();
    try (DeflaterOutputStream z = new DeflaterOutputStream(deflated)) {
      z.write(json2);
    }
    r = send(signed("PutItem", deflated.toByteArray(), Map.of("Content-Encoding", "deflate")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(
            client.getItem(b -> b.tableName(name).key(Map.of("pk", s("gz")))).item().get("v").s())
        .hasSize(5000);
    assertThat(client.getItem(b -> b.tableName(name).key(Map.of("pk", s("df")))).item())
        .containsKey("v");
    r =
        send(
            signed(
                "PutItem",
                "not gzip".getBytes(StandardCharsets.UTF_8),
                Map.of("Content-Encoding", "gzip")));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("SerializationException");
  }

  @Test
  void largeResponsesAreCompressedWhenAskedWithTheCrcOfTheBytesSent() throws Exception {
    String name = createTable("Gunzip", false);
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("big"), "v", s("y".repeat(20_000)))));
    byte[] get =
        ("{\"TableName\":\"" + name + "\",\"Key\":{\"pk\":{\"S\":\"big\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    HttpResponse<byte[]> r = send(signed("GetItem", get, Map.of("Accept-Encoding", "gzip")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).contains("gzip");
    assertThat(r.body().length).isLessThan(2000);
    CRC32 crc = new CRC32();
    crc.update(r.body());
    assertThat(r.headers().firstValue("x-amz-crc32")).contains(Long.toString(crc.getValue()));
    String text =
        new String(
            new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(text).contains("y".repeat(20_000));
    r = send(signed("GetItem", get, Map.of()));
    assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
    // the SDK still reads everything (it asks for no compression)
    assertThat(
            client.getItem(b -> b.tableName(name).key(Map.of("pk", s("big")))).item().get("v").s())
        .hasSize(20_000);
  }

  @Test
  void theCodingIsChosenFromAcceptEncodingAsDynamoDbChoosesIt() throws Exception {
    String name = createTable("Codings", false);
    client.putItem(b -> b.tableName(name).item(Map.of("pk", s("big"), "v", s("y".repeat(20_000)))));
    byte[] get =
        ("{\"TableName\":\"" + name + "\",\"Key\":{\"pk\":{\"S\":\"big\"}}}")
            .getBytes(StandardCharsets.UTF_8);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("gzip, deflate", "gzip");
    expected.put("br, identity, deflate, gzip", "deflate"); // the first named wins a tie
    expected.put("gzip;q=0.8, deflate;q=0.5", "gzip");
    expected.put("*", "gzip");
    expected.put("*, deflate", "deflate"); // named beats *
    expected.put("*, gzip;q=0.5", "deflate");
    expected.put("x-gzip", "");
    expected.put("gzip;q=0", "");
    expected.put("*;q=0", "");
    expected.put("gzip;q=31,deflate;q=51", "gzip"); // above 1 counts as 1
    expected.put("deflate;q=0.5,gzip;q=0.x", "gzip"); // no number: the default 1
    expected.put("gzip;nq=0;q=1", ""); // the first parameter holding q= counts
    expected.put("gzip;q =0;q=1", "gzip");
    expected.put("\"gzip\"", "");
    for (Map.Entry<String, String> e : expected.entrySet()) {
      HttpResponse<byte[]> r = send(signed("GetItem", get, Map.of("Accept-Encoding", e.getKey())));
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Encoding").orElse(""))
          .as(e.getKey())
          .isEqualTo(e.getValue());
    }
  }

  @Test
  void everyResponseCarriesDateAndServer() throws Exception {
    HttpResponse<byte[]> r =
        send(signed("ListTables", "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
    assertThat(r.headers().firstValue("Date"))
        .hasValueSatisfying(d -> assertThat(d).endsWith("GMT"));
    assertThat(r.headers().firstValue("Server")).contains("Server");
    r =
        send(
            signed(
                "DescribeTable",
                "{\"TableName\":\"missing\"}".getBytes(StandardCharsets.UTF_8),
                Map.of()));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Date")).isPresent();
  }

  @Test
  void browserPagesMayCallWithCors() throws Exception {
    HttpResponse<byte[]> pre =
        send(
            HttpRequest.newBuilder(root())
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://example.com")
                .header("Access-Control-Request-Method", "POST")
                .header(
                    "Access-Control-Request-Headers",
                    "authorization, content-type, x-amz-date, x-amz-target"));
    assertThat(pre.statusCode())
        .isEqualTo(200); // no credentials: a preflight is never authenticated
    assertThat(pre.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(pre.headers().firstValue("Access-Control-Allow-Methods")).contains("POST");
    assertThat(pre.headers().firstValue("Access-Control-Allow-Headers"))
        .contains("authorization, content-type, x-amz-date, x-amz-target");
    assertThat(pre.headers().firstValue("Access-Control-Max-Age")).isPresent();
    HttpResponse<byte[]> r =
        send(
            signed(
                "ListTables",
                "{}".getBytes(StandardCharsets.UTF_8),
                Map.of("Origin", "http://example.com")));
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(r.headers().firstValue("Access-Control-Expose-Headers"))
        .hasValueSatisfying(
            h -> assertThat(h).contains("x-amzn-RequestId").contains("x-amz-crc32"));
    assertThat(r.headers().firstValue("Access-Control-Max-Age")).isEmpty();
    // without an Origin, no CORS headers at all
    r = send(signed("ListTables", "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    // an unsigned API call from a page is still refused
    r =
        send(
            HttpRequest.newBuilder(root())
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .header("X-Amz-Target", "DynamoDB_20120810.ListTables")
                .header("Origin", "http://example.com"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
  }

  @Test
  void getSlashIsTheHealthCheckAndOtherPathsAreRefused() throws Exception {
    HttpResponse<byte[]> r = send(HttpRequest.newBuilder(root()).GET());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(new String(r.body(), StandardCharsets.UTF_8))
        .isEqualTo("healthy: " + root().getHost() + ":" + root().getPort());
    for (String path : new String[] {"/abc", "/-", "/index.htm"}) {
      assertThat(send(HttpRequest.newBuilder(server.endpoint().resolve(path)).GET()).statusCode())
          .as(path)
          .isEqualTo(404);
    }
  }
}
