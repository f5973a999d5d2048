package dev.tributary.examples.orders;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.local.LocalSmtp;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Consumer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Watches the three servers the order stream writes to, not the handlers: the mails GreenMail
 * received, the documents of the {@code orders} index, the objects in the archive bucket. Each new
 * one is reported as one readable line, as it shows up.
 */
public final class EffectsWatcher implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final LocalSmtp smtp;
  private final String searchUrl;
  private final S3Client s3;
  private final String bucket;
  private final Consumer<String> out;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Thread thread;
  private volatile boolean running = true;

  // only the watcher thread writes these; readers take copies under the lock
  private final List<ChapterOrders.Mail> mails = new ArrayList<>();
  private final Map<String, String> documents = new LinkedHashMap<>();
  private final Map<String, Long> versions = new HashMap<>();
  private final TreeSet<String> objectKeys = new TreeSet<>();
  private final List<String> archivedOrderIds = new ArrayList<>();
  private volatile String lastProblem = "";

  public EffectsWatcher(
      LocalSmtp smtp, String searchUrl, S3Client s3, String bucket, Consumer<String> out) {
    this.smtp = smtp;
    this.searchUrl = searchUrl;
    this.s3 = s3;
    this.bucket = bucket;
    this.out = out;
    this.thread = new Thread(this::run, "demo-effects");
    thread.setDaemon(true);
  }

  public EffectsWatcher start() {
    thread.start();
    return this;
  }

  /** What the servers hold now. */
  public synchronized ChapterOrders.Expected seen() {
    return new ChapterOrders.Expected(
        List.copyOf(mails), Map.copyOf(documents), List.copyOf(archivedOrderIds));
  }

  /** Waits until the servers hold at least what is expected; false on timeout. */
  public boolean await(ChapterOrders.Expected expected, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (reached(expected)) {
        return true;
      }
      Thread.sleep(100);
    }
    return reached(expected);
  }

  private synchronized boolean reached(ChapterOrders.Expected expected) {
    return mails.containsAll(expected.mails())
        && documents.entrySet().containsAll(expected.documentStatus().entrySet())
        && archivedOrderIds.containsAll(expected.archivedOrderIds());
  }

  /** The last error met while reading a server (empty if none), for a timeout message. */
  public String lastProblem() {
    return lastProblem;
  }

  private void run() {
    while (running) {
      try {
        pollMail();
        pollIndex();
        pollArchive();
        lastProblem = "";
      } catch (IOException | RuntimeException | MessagingException e) {
        lastProblem = e.toString();
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void pollMail() throws MessagingException {
    List<MimeMessage> all = smtp.messages();
    for (int i = mailsSeen(); i < all.size(); i++) {
      MimeMessage m = all.get(i);
      Address[] to = m.getAllRecipients();
      String recipient = to == null || to.length == 0 ? "?" : to[0].toString();
      ChapterOrders.Mail mail = new ChapterOrders.Mail(recipient, m.getSubject());
      synchronized (this) {
        mails.add(mail);
      }
      out.accept(String.format("  %-8s to %-20s \"%s\"", "mail", recipient, mail.subject()));
    }
  }

  private synchronized int mailsSeen() {
    return mails.size();
  }

  private void pollIndex() throws IOException, InterruptedException {
    String index = OrderStreamPipeline.INDEX;
    if (call("POST", "/" + index + "/_refresh").statusCode() == 404) {
      return; // not created yet
    }
    HttpResponse<String> r = call("GET", "/" + index + "/_search?size=10000&version=true");
    if (r.statusCode() != 200) {
      throw new IOException("search of " + index + " answered " + r.statusCode());
    }
    for (JsonNode hit : JSON.readTree(r.body()).path("hits").path("hits")) {
      String id = hit.path("_id").asText();
      long version = hit.path("_version").asLong();
      Long before = versions.put(id, version);
      if (before != null && before == version) {
        continue;
      }
      JsonNode doc = hit.path("_source");
      String status = doc.path("status").asText();
      synchronized (this) {
        documents.put(id, status);
      }
      out.accept(
          String.format(
              "  %-8s %s/%s  %s %s (version %d = source sequence)",
              "index", index, id, doc.path("orderId").asText(), status, version));
    }
  }

  private HttpResponse<String> call(String method, String path)
      throws IOException, InterruptedException {
    return http.send(
        HttpRequest.newBuilder(URI.create(searchUrl + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private void pollArchive() {
    for (S3Object o : s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents()) {
      // a filesystem store lists its directories too ("orders/Orders/2026/"): not objects
      if (objectKeys.contains(o.key()) || o.key().endsWith("/") || o.size() == 0) {
        continue;
      }
      String body =
          s3.getObjectAsBytes(b -> b.bucket(bucket).key(o.key())).asString(StandardCharsets.UTF_8);
      ChangeEvent e = ChangeEventJson.fromJson(body.strip());
      String orderId =
          e.dynamodb()
              .oldImage()
              .map(img -> img.get("orderId"))
              .map(v -> v instanceof AttributeValue.S s ? s.value() : String.valueOf(v))
              .orElse("?");
      objectKeys.add(o.key());
      synchronized (this) {
        archivedOrderIds.add(orderId);
      }
      out.accept(
          String.format(
              "  %-8s s3://%s/%s  %s (%s, old image, %d bytes)",
              "archive", bucket, o.key(), orderId, e.eventName(), o.size()));
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    thread.interrupt();
    thread.join(5_000);
  }
}
