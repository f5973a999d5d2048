package dev.tributary.examples.orders;

import dev.tributary.core.SettingChecks;
import dev.tributary.core.pipeline.Batching;
import dev.tributary.core.pipeline.EventPredicate;
import dev.tributary.core.pipeline.Events;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.handlers.archive.ArchiveHandler;
import dev.tributary.handlers.archive.ArchiveLayout;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.handlers.email.EmailHandler;
import dev.tributary.handlers.search.SearchHandler;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The chapter's {@code process_order_stream} Lambda as a pipeline on the {@code Orders} table:
 *
 * <pre>
 * if event_name == 'INSERT':                        -> confirmation-email
 *     send_confirmation_email(new_image)
 * elif event_name == 'MODIFY':
 *     if old_image['status'] != new_image['status']:
 *         update_elasticsearch(new_image)           -> search-index
 *         notify_customer(new_image)                -> status-email
 * elif event_name == 'REMOVE':
 *     archive_to_s3(old_image)                      -> s3-archive
 * </pre>
 *
 * Each branch is a handler with its own lane, so a slow mail relay does not hold up the index. The
 * mail goes to the order's {@code email} attribute; the index is {@value #INDEX}, one document per
 * order (id {@code customerId|orderDate}); each removed order is one object under {@code
 * orders/Orders/yyyy/MM/dd/HH/<sequence>.json}.
 */
public final class OrderStreamPipeline {
  public static final String NAME = "order-stream";
  public static final String TABLE = "Orders";
  public static final String INDEX = "orders";
  public static final String ARCHIVE_PREFIX = "orders";

  public static final String CONFIRMATION = "confirmation-email";
  public static final String SEARCH = "search-index";
  public static final String NOTIFICATION = "status-email";
  public static final String ARCHIVE = "s3-archive";

  static final String CONFIRMATION_SUBJECT = "Order {{newImage.orderId}} confirmed";
  static final String CONFIRMATION_BODY =
      "Hello {{newImage.customerId}},\n\n"
          + "thank you for your order {{newImage.orderId}} of {{newImage.orderDate}}:\n"
          + "{{#newImage.items}}- {{sku}} x{{quantity}} at {{price}}\n{{/newImage.items}}"
          + "Total: {{newImage.total}}\n";
  static final String NOTIFICATION_SUBJECT =
      "Order {{newImage.orderId}} is now {{newImage.status}}";
  static final String NOTIFICATION_BODY =
      "Hello {{newImage.customerId}},\n\n"
          + "your order {{newImage.orderId}} went from {{oldImage.status}} to {{newImage.status}}.\n";

  /** MODIFY where {@code old_image['status'] != new_image['status']}. */
  public static final EventPredicate STATUS_CHANGED =
      Events.modifies().and(Events.changed("status"));

  private OrderStreamPipeline() {}

  public static Builder builder() {
    return new Builder();
  }

  /** Where the handlers' effects go; every setting is required. */
  public static final class Builder {
    private String smtpHost;
    private int smtpPort;
    private String from = "orders@shop.example";
    private String searchUrl;
    private S3Settings s3;
    private String bucket;
    private Path ledgerDirectory;
    private Batching batching = Batching.of(100, Duration.ofMillis(100));

    private Builder() {}

    /** The SMTP relay (plain SMTP, no login) both mails go through. */
    public Builder smtp(String host, int port) {
      this.smtpHost = Objects.requireNonNull(host, "host");
      this.smtpPort = SettingChecks.port(port, "smtp port");
      return this;
    }

    /** The sender of both mails (default {@code orders@shop.example}). */
    public Builder from(String from) {
      this.from = Objects.requireNonNull(from, "from");
      return this;
    }

    /** The OpenSearch node the index lives on. */
    public Builder search(String url) {
      this.searchUrl = Objects.requireNonNull(url, "url");
      return this;
    }

    /** The S3 endpoint and the existing bucket removed orders are archived to. */
    public Builder archive(S3Settings s3, String bucket) {
      this.s3 = Objects.requireNonNull(s3, "s3");
      this.bucket = Objects.requireNonNull(bucket, "bucket");
      return this;
    }

    /** Where the email handlers keep their sent-ledgers (no mail twice for one event). */
    public Builder ledgerDirectory(Path dir) {
      this.ledgerDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Every lane's batching (default 100 events or 100 ms). */
    public Builder batching(Batching batching) {
      this.batching = Objects.requireNonNull(batching, "batching");
      return this;
    }

    public Pipeline build() {
      List<String> missing = new ArrayList<>();
      if (smtpHost == null) {
        missing.add("smtp");
      }
      if (searchUrl == null) {
        missing.add("search");
      }
      if (s3 == null) {
        missing.add("archive");
      }
      if (ledgerDirectory == null) {
        missing.add("ledgerDirectory");
      }
      if (!missing.isEmpty()) {
        throw new IllegalStateException(
            "order-stream pipeline: missing " + String.join(", ", missing));
      }
      String host = smtpHost;
      int port = smtpPort;
      String sender = from;
      Path ledgers = ledgerDirectory;
      String url = searchUrl;
      S3Settings s3Settings = s3;
      String archiveBucket = bucket;
      RetryPolicy retry = RetryPolicy.attempts(5);
      return Pipeline.builder(NAME)
          .source(TABLE)
          .route(
              CONFIRMATION,
              Routes.onInsert(),
              HandlerSpec.of(
                      () ->
                          EmailHandler.builder()
                              .host(host)
                              .port(port)
                              .from(sender)
                              .toAttribute("email")
                              .subject(CONFIRMATION_SUBJECT)
                              .body(CONFIRMATION_BODY)
                              .ledger(ledgers.resolve(CONFIRMATION + ".ledger"))
                              .build())
                  .batching(batching)
                  .retry(retry))
          .route(
              SEARCH,
              STATUS_CHANGED,
              HandlerSpec.of(
                      () ->
                          SearchHandler.builder()
                              .url(url)
                              .index(TABLE, INDEX)
                              .tables(TABLE)
                              .build())
                  .batching(batching)
                  .retry(retry))
          .route(
              NOTIFICATION,
              STATUS_CHANGED,
              HandlerSpec.of(
                      () ->
                          EmailHandler.builder()
                              .host(host)
                              .port(port)
                              .from(sender)
                              .toAttribute("email")
                              .subject(NOTIFICATION_SUBJECT)
                              .body(NOTIFICATION_BODY)
                              .ledger(ledgers.resolve(NOTIFICATION + ".ledger"))
                              .build())
                  .batching(batching)
                  .retry(retry))
          .route(
              ARCHIVE,
              Routes.onRemove(),
              HandlerSpec.of(
                      () ->
                          ArchiveHandler.builder()
                              .s3(s3Settings)
                              .bucket(archiveBucket)
                              .prefix(ARCHIVE_PREFIX)
                              .layout(ArchiveLayout.EVENT)
                              .gzip(false)
                              .build())
                  .batching(batching)
                  .retry(retry))
          .build();
    }
  }
}
