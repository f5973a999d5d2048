package dev.tributary.examples.orders;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMailUtil;
import dev.tributary.connectors.EngineRelay;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.EventName;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.examples.orders.ChapterOrders.Order;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalS3;
import dev.tributary.local.LocalSmtp;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.math.BigInteger;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Issue 5's acceptance for the chapter's {@code process_order_stream}: engine -> relay -> embedded
 * Kafka -> pipeline -> GreenMail, OpenSearch and S3Proxy; every effect read back from its server.
 */
class OrderStreamPipelineIT {
  private static final String BUCKET = "orders-archive";
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void shouldMailOnInsertIndexAndNotifyOnStatusChangesAndArchiveOnRemove() throws Exception {
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
      S3Settings s3Settings =
          S3Settings.builder()
              .endpoint(s3.endpoint())
              .pathStyle(true)
              .region(LocalS3.REGION)
              .credentials(s3.accessKey(), s3.secretKey())
              .build();
      ChapterOrders.createTable(engine);
      try (PipelineRuntime runtime =
              PipelineRuntime.builder(kafka.bootstrapServers())
                  .pipeline(
                      OrderStreamPipeline.builder()
                          .smtp(smtp.host(), smtp.port())
                          .search(search.url())
                          .archive(s3Settings, BUCKET)
                          .ledgerDirectory(dir.resolve("ledgers"))
                          .build())
                  .stateDir(dir.resolve("streams"))
                  .partitions(2)
                  .start();
          EngineRelay relay =
              EngineRelay.builder(engine, kafka.clientConfig())
                  .relayId("orders-it")
                  .build()
                  .start();
          S3Client client = s3Settings.client()) {
        for (ChapterOrders.Write w : ChapterOrders.writes(orders)) {
          w.apply(engine);
        }
        smtp.awaitMessages(expected.mails().size(), Duration.ofMinutes(3));
        assertThat(runtime.awaitCaughtUp(Duration.ofMinutes(3))).isTrue();

        // mail: one confirmation per INSERT, one notification per status change, nothing else
        List<MimeMessage> received = smtp.messages();
        List<ChapterOrders.Mail> mails = new ArrayList<>();
        for (MimeMessage m : received) {
          mails.add(new ChapterOrders.Mail(m.getAllRecipients()[0].toString(), m.getSubject()));
        }
        assertThat(mails).containsExactlyInAnyOrderElementsOf(expected.mails());
        MimeMessage confirmation =
            received.stream()
                .filter(m -> subject(m).equals("Order ORD-456 confirmed"))
                .findFirst()
                .orElseThrow();
        assertThat(GreenMailUtil.getBody(confirmation).replace("\r\n", "\n").strip())
            .isEqualTo(
                "Hello CUST-123,\n\nthank you for your order ORD-456 of 2025-01-15T10:30:00Z:\n"
                    + "- PROD-A x2 at 99.99\n- PROD-B x1 at 100.01\nTotal: 299.99");
        MimeMessage shipped =
            received.stream()
                .filter(m -> subject(m).equals("Order ORD-456 is now SHIPPED"))
                .findFirst()
                .orElseThrow();
        assertThat(GreenMailUtil.getBody(shipped).replace("\r\n", "\n").strip())
            .isEqualTo("Hello CUST-123,\n\nyour order ORD-456 went from PENDING to SHIPPED.");
        assertThat(shipped.getFrom()[0].toString()).isEqualTo("orders@shop.example");

        // index: one document per order whose status changed, holding its last status change
        Map<String, JsonNode> docs = documents(search.url());
        Map<String, String> statuses = new TreeMap<>();
        docs.forEach((id, doc) -> statuses.put(id, doc.path("status").asText()));
        assertThat(statuses).isEqualTo(new TreeMap<>(expected.documentStatus()));
        JsonNode firstOrderDoc = docs.get("CUST-123|2025-01-15T10:30:00Z");
        assertThat(firstOrderDoc.path("total").decimalValue()).isEqualByComparingTo("299.99");
        assertThat(firstOrderDoc.path("items").get(0).path("sku").asText()).isEqualTo("PROD-A");
        // the tracking-number MODIFY did not change the status: not indexed
        assertThat(firstOrderDoc.has("trackingNumber")).isFalse();
        // DELIVERED came after the tracking number: its new image has it
        assertThat(docs.get(orders.get(1).documentId()).path("trackingNumber").asText())
            .isEqualTo("TRK-457");

        // archive: one object per removed order, its REMOVE event with the old image
        List<S3Object> objects =
            client.listObjectsV2Paginator(b -> b.bucket(BUCKET)).contents().stream().toList();
        List<String> archived = new ArrayList<>();
        for (S3Object o : objects) {
          assertThat(o.key()).matches("orders/Orders/\\d{4}/\\d{2}/\\d{2}/\\d{2}/\\d+\\.json");
          ChangeEvent e =
              ChangeEventJson.fromJson(
                  client
                      .getObjectAsBytes(b -> b.bucket(BUCKET).key(o.key()))
                      .asString(StandardCharsets.UTF_8)
                      .strip());
          assertThat(e.eventName()).isEqualTo(EventName.REMOVE);
          String name = o.key().substring(o.key().lastIndexOf('/') + 1);
          assertThat(new BigInteger(name.substring(0, name.length() - ".json".length())))
              .isEqualTo(new BigInteger(e.dynamodb().sequenceNumber()));
          Map<String, ?> old = e.dynamodb().oldImage().orElseThrow();
          assertThat(old.get("status").toString()).contains("SHIPPED");
          archived.add(((AttributeValue.S) old.get("orderId")).value());
        }
        assertThat(archived).containsExactlyInAnyOrderElementsOf(expected.archivedOrderIds());
        assertThat(runtime.stats().values()).allSatisfy(s -> assertThat(s.deadLettered()).isZero());
      }
    }
  }

  private static String subject(MimeMessage m) {
    try {
      return m.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Map<String, JsonNode> documents(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    http.send(
        HttpRequest.newBuilder(URI.create(url + "/" + OrderStreamPipeline.INDEX + "/_refresh"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(url + "/" + OrderStreamPipeline.INDEX + "/_search?size=1000"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, JsonNode> out = new TreeMap<>();
    for (JsonNode hit : JSON.readTree(r.body()).path("hits").path("hits")) {
      out.put(hit.path("_id").asText(), hit.path("_source"));
    }
    return out;
  }
}
