package dev.tributary.bench;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import dev.tributary.handlers.archive.ArchiveHandler;
import dev.tributary.handlers.archive.ArchiveLayout;
import dev.tributary.handlers.archive.S3Settings;
import dev.tributary.handlers.email.EmailHandler;
import dev.tributary.handlers.lambda.LambdaHandlerAdapter;
import dev.tributary.handlers.search.SearchHandler;
import dev.tributary.local.LocalOpenSearch;
import dev.tributary.local.LocalS3;
import dev.tributary.local.LocalSmtp;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * End-to-end harness (not JMH: each cell drives a real server for seconds): events per second of
 * each handler's {@code handle(batch)} against the local servers of the tests and the demo — email
 * → GreenMail, search → OpenSearch (child process), archive → S3Proxy (filesystem), and the Lambda
 * adapter around a function that reads every record — with batches of 1, 100 and 1000
 * chapter-shaped INSERT events. One thread calls the handler, as one runner task does; no Kafka.
 *
 * <p>Each cell: a fresh handler (and index / bucket), a warm-up, then {@code runs} measured runs of
 * at least {@code seconds} each (whole batches); the median is reported. Usage: {@code
 * HandlerThroughputBenchmark [seconds-per-run] [runs] [handler,...]}.
 */
public final class HandlerThroughputBenchmark {
  private static final int[] BATCH_SIZES = {1, 100, 1000};
  private static final String TABLE = "Orders";
  private static final String ARN =
      "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/bench";

  private final LocalSmtp smtp;
  private final LocalS3 s3;
  private final LocalOpenSearch search;
  private final S3Settings s3Settings;
  private final Path dir;
  private long sequence;
  private int cell;

  private HandlerThroughputBenchmark(LocalSmtp smtp, LocalS3 s3, LocalOpenSearch search, Path dir) {
    this.smtp = smtp;
    this.s3 = s3;
    this.search = search;
    this.dir = dir;
    this.s3Settings =
        S3Settings.builder()
            .endpoint(s3.endpoint())
            .pathStyle(true)
            .region(LocalS3.REGION)
            .credentials(s3.accessKey(), s3.secretKey())
            .build();
  }

  public static void main(String[] args) throws Exception {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    List<String> handlers =
        args.length > 2
            ? Arrays.asList(args[2].split(","))
            : List.of(
                "email", "email-no-ledger", "search", "archive-batch", "archive-event", "lambda");
    Path dir = BenchDirs.create("handlers");
    try (LocalSmtp smtp = LocalSmtp.builder().start();
        LocalS3 s3 = LocalS3.builder().directory(dir.resolve("s3")).start();
        LocalOpenSearch search =
            LocalOpenSearch.builder().runDirectory(dir.resolve("opensearch")).start()) {
      HandlerThroughputBenchmark b = new HandlerThroughputBenchmark(smtp, s3, search, dir);
      System.out.printf(
          Locale.ROOT, "%-16s %6s  %-32s %10s%n", "handler", "batch", "runs (events/s)", "median");
      for (String h : handlers) {
        double base = 0;
        for (int size : BATCH_SIZES) {
          double[] rates = b.cell(h, size, seconds, runs);
          double median = median(rates);
          base = size == 1 ? median : base;
          System.out.printf(
              Locale.ROOT,
              "%-16s %6d  %-32s %10.0f  (x%.1f of batch 1)%n",
              h,
              size,
              format(rates),
              median,
              base == 0 ? 0 : median / base);
        }
      }
    } finally {
      BenchDirs.delete(dir);
    }
    System.exit(0);
  }

  /** The measured runs of one handler at one batch size. */
  private double[] cell(String handler, int batchSize, double seconds, int runs) throws Exception {
    cell++;
    String bucket = "bench-" + cell;
    if (handler.startsWith("archive")) {
      s3.createBucket(bucket);
    }
    double[] rates = new double[runs];
    try (ChangeHandler h = create(handler, bucket).get()) {
      h.open(context(handler, 1));
      measure(
          h, batchSize, Math.min(1.0, seconds / 2)); // warm-up: connections, JIT, index creation
      for (int r = 0; r < runs; r++) {
        rates[r] = measure(h, batchSize, seconds);
        smtp.clear(); // GreenMail keeps every message in memory
      }
    }
    return rates;
  }

  private double measure(ChangeHandler h, int batchSize, double seconds) throws Exception {
    long events = 0;
    long t0 = System.nanoTime();
    long until = t0 + (long) (seconds * 1e9);
    int attempt = 1;
    while (System.nanoTime() < until) {
      List<ChangeEvent> batch = batch(batchSize);
      BatchResult r = h.handle(batch, context("bench", attempt));
      if (!r.isSuccess()) {
        throw new IllegalStateException(
            "handler failed " + r.failedEventIds().size() + " events of a batch");
      }
      events += batch.size();
    }
    return events / ((System.nanoTime() - t0) / 1e9);
  }

  private Supplier<ChangeHandler> create(String handler, String bucket) {
    return switch (handler) {
      case "email" -> () -> email(Optional.of(dir.resolve("ledger-" + cell)));
      case "email-no-ledger" -> () -> email(Optional.empty());
      case "search" ->
          () ->
              SearchHandler.builder()
                  .url(search.url())
                  .index(TABLE, "bench-" + cell)
                  .tables(TABLE)
                  .build();
      case "archive-batch" ->
          () -> ArchiveHandler.builder().s3(s3Settings).bucket(bucket).prefix("orders").build();
      case "archive-event" ->
          () ->
              ArchiveHandler.builder()
                  .s3(s3Settings)
                  .bucket(bucket)
                  .prefix("orders")
                  .layout(ArchiveLayout.EVENT)
                  .gzip(false)
                  .build();
      case "lambda" -> () -> LambdaHandlerAdapter.of(new CountingFunction());
      default ->
          throw new IllegalArgumentException(
              "unknown handler "
                  + handler
                  + " (email, email-no-ledger, search, archive-batch, archive-event, lambda)");
    };
  }

  private ChangeHandler email(Optional<Path> ledger) {
    EmailHandler.Builder b =
        EmailHandler.builder()
            .host(smtp.host())
            .port(smtp.port())
            .from("orders@shop.example")
            .toAttribute("email")
            .subject("Order {{newImage.orderId}} confirmed")
            .body(
                "Hello {{newImage.customerId}},\n{{#newImage.items}}- {{sku}} x{{quantity}} at {{price}}\n"
                    + "{{/newImage.items}}Total: {{newImage.total}}\n");
    ledger.ifPresent(b::ledger);
    return b.build();
  }

  /** A new chapter-shaped INSERT per event: distinct keys, rising sequence numbers. */
  private List<ChangeEvent> batch(int size) {
    List<ChangeEvent> out = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      long seq = ++sequence;
      String customer = "CUST-" + seq;
      String date = "2025-01-15T10:30:00Z";
      Map<String, AttributeValue> image =
          Item.builder()
              .s("customerId", customer)
              .s("orderDate", date)
              .s("orderId", "ORD-" + seq)
              .s("status", "PENDING")
              .n("total", "299.99")
              .n("version", 1)
              .s("email", "c" + seq + "@example.com")
              .l(
                  "items",
                  List.of(
                      AttributeValue.m(
                          Map.of(
                              "sku",
                              AttributeValue.s("PROD-A"),
                              "quantity",
                              AttributeValue.n(2),
                              "price",
                              AttributeValue.n("99.99"))),
                      AttributeValue.m(
                          Map.of(
                              "sku",
                              AttributeValue.s("PROD-B"),
                              "quantity",
                              AttributeValue.n(1),
                              "price",
                              AttributeValue.n("100.01")))))
              .build();
      String sequenceNumber = String.format("%021d", seq);
      out.add(
          new ChangeEvent(
              TABLE + "-" + sequenceNumber,
              EventName.INSERT,
              "1.1",
              "aws:dynamodb",
              "us-east-1",
              ARN,
              new StreamRecord(
                  Item.key("customerId", customer, "orderDate", date),
                  Optional.of(image),
                  Optional.empty(),
                  sequenceNumber,
                  250,
                  StreamViewType.NEW_AND_OLD_IMAGES,
                  Instant.now()),
              Optional.empty(),
              false));
    }
    return out;
  }

  private static BatchContext context(String handler, int attempt) {
    return BatchContext.of("bench", handler, attempt, 0, 0, 0);
  }

  /** A Lambda function that reads each record's new image, as a real one would. */
  public static final class CountingFunction
      implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    @SuppressWarnings("UnusedVariable") // the per-record work a real function does; never reported
    private long totalChars;

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
      for (DynamodbEvent.DynamodbStreamRecord r : event.getRecords()) {
        totalChars += r.getDynamodb().getNewImage().get("orderId").getS().length();
      }
      return new StreamsEventResponse(List.of());
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private static String format(double[] rates) {
    StringBuilder s = new StringBuilder();
    for (double r : rates) {
      s.append(s.length() == 0 ? "" : " / ").append(String.format(Locale.ROOT, "%.0f", r));
    }
    return s.toString();
  }
}
