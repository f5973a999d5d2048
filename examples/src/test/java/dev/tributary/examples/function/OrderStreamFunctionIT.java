package dev.tributary.examples.function;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.examples.orders.ChapterOrders;
import dev.tributary.examples.orders.ChapterOrders.Order;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.handlers.function.FunctionHandler;
import dev.tributary.handlers.function.FunctionRuntime;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalS3;
import dev.tributary.local.LocalSmtp;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The chapter's Python {@code process_order_stream(event, context)}, unchanged, run by the worker
 * as a Lambda function (examples/order-stream-function), and the same handler in Node.js: engine ->
 * relay -> embedded Kafka -> pipeline -> the function in a python3 / node process -> GreenMail,
 * OpenSearch and S3Proxy; every effect read back from its server.
 */
@Tag("slow")
class OrderStreamFunctionIT {
  private static final String BUCKET = "orders-archive";

  private static final ObjectMapper JSON = new ObjectMapper();
  static final Path PYTHON = Path.of("order-stream-function", "functions", "orders");
  static final Path NODE = Path.of("order-stream-function", "functions", "orders-node");

  @TempDir Path dir;

  @Test
  void thePythonHandlerShouldMailOnInsertIndexAndNotifyOnStatusChangesAndArchiveOnRemove()
      throws Exception {
    run(FunctionRuntime.PYTHON3, PYTHON, "app.process_order_stream", "orders-fn-python");
  }

  @Test
  void theNodeHandlerShouldDoTheSame() throws Exception {
    run(FunctionRuntime.NODEJS, NODE, "app.processOrderStream", "orders-fn-node");
  }

  private void run(FunctionRuntime language, Path code, String handler, String index)
      throws Exception {
    LocalOpenSearch search = LocalOpenSearch.shared();
    List<Order> orders = ChapterOrders.orders(4);
    ChapterOrders.Expected expected = ChapterOrders.expected(orders);
    try (LocalSmtp smtp = LocalSmtp.builder().start();
        LocalS3 s3 = LocalS3.builder().start();
        EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        TributaryEngine engine =
            TributaryEngine.open(
                EngineOptions.builder(dir.resolve("engine")).syncWrites(false).build())) {
      s3.createBucket(BUCKET);
      ChapterOrders.createTable(engine);
      FunctionHandler.Builder function =
          FunctionHandler.builder(language, code)
              .handler(handler)
              .timeout(Duration.ofSeconds(30))
              .environment(
                  Map.of(
                      "SMTP_HOST",
                      smtp.host(),
                      "SMTP_PORT",
                      Integer.toString(smtp.port()),
                      "OPENSEARCH_URL",
                      search.url(),
                      "ORDERS_INDEX",
                      index,
                      "S3_ENDPOINT",
                      s3.endpoint(),
                      "ARCHIVE_BUCKET",
                      BUCKET,
                      "AWS_ACCESS_KEY_ID",
                      s3.accessKey(),
                      "AWS_SECRET_ACCESS_KEY",
                      s3.secretKey()));
      Pipeline pipeline =
          Pipeline.builder("orders")
              .source("Orders")
              .route(
                  "process_order_stream",
                  Routes.always(),
                  HandlerSpec.of(function::build)
                      .batching(Batching.of(100, Duration.ofMillis(200)))
                      .retry(RetryPolicy.attempts(5)))
              .build();
      try (PipelineRuntime runtime =
              PipelineRuntime.builder(kafka.bootstrapServers())
                  .pipeline(pipeline)
                  .stateDir(dir.resolve("streams"))
                  .partitions(2)
                  .start();
          EngineRelay relay =
              EngineRelay.builder(engine, kafka.clientConfig()).relayId(index).build().start();
          S3Client client =
              S3Settings.builder()
                  .endpoint(s3.endpoint())
                  .pathStyle(true)
                  .region(LocalS3.REGION)
                  .credentials(s3.accessKey(), s3.secretKey())
                  .build()
                  .client()) {
        for (ChapterOrders.Write w : ChapterOrders.writes(orders)) {
          w.apply(engine);
        }
        smtp.awaitMessages(expected.mails().size(), Duration.ofMinutes(3));
        assertThat(runtime.awaitCaughtUp(Duration.ofMinutes(3))).isTrue();

        // mail: one confirmation per INSERT, one notification per status change, nothing else
        List<ChapterOrders.Mail> mails = new ArrayList<>();
        for (MimeMessage m : smtp.messages()) {
          mails.add(new ChapterOrders.Mail(m.getAllRecipients()[0].toString(), m.getSubject()));
        }
        assertThat(mails).containsExactlyInAnyOrderElementsOf(expected.mails());

        // index: one document per order whose status changed, holding its last status
        Map<String, String> statuses = new TreeMap<>();
        documents(search.url(), index)
            .forEach((id, doc) -> statuses.put(id, doc.path("status").asText()));
        assertThat(statuses).isEqualTo(new TreeMap<>(expected.documentStatus()));

        // archive: one object per removed order, with its last image
        List<String> archived = new ArrayList<>();
        for (S3Object o : client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents()) {
          JsonNode old =
              JSON.readTree(
                  client
                      .getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key()))
                      .asString(StandardCharsets.UTF_8));
          assertThat(o.key()).isEqualTo("orders/" + old.path("orderId").asText() + ".json");
          assertThat(old.path("status").asText()).isEqualTo("SHIPPED");
          archived.add(old.path("orderId").asText());
        }
        assertThat(archived).containsExactlyInAnyOrderElementsOf(expected.archivedOrderIds());
        assertThat(runtime.stats().values()).allSatisfy(s -> assertThat(s.deadLettered()).isZero());
      }
    }
  }

  private static Map<String, JsonNode> documents(String url, String index) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    http.send(
        HttpRequest.newBuilder(URI.create(url + "/" + index + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url + "/" + index + "/_search?size=1000")).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode hit : JSON.readTree(r.body()).path("hits").path("hits")) {
      out.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return out;
  }
}
