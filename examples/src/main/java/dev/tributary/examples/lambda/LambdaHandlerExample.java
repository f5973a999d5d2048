package dev.tributary.examples.lambda;

import dev.tributary.connectors.EngineRelay;
import dev.tributary.connectors.RelayLag;
import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import dev.tributary.core.StreamViewType;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.kafka.DeadLetterHeaders;
import dev.tributary.core.kafka.EmbeddedKafka;
import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.RetryPolicy;
import dev.tributary.core.pipeline.Routes;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.PipelineRuntime;
import dev.tributary.engine.EngineOptions;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.model.CreateTableRequest;
import dev.tributary.engine.model.DeleteItemRequest;
import dev.tributary.engine.model.PutItemRequest;
import dev.tributary.engine.model.ScalarAttributeType;
import dev.tributary.engine.model.UpdateItemRequest;
import dev.tributary.examples.ExampleDirs;
import dev.tributary.handlers.lambda.LambdaHandlerAdapter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A Lambda function for DynamoDB Streams ({@link OrderEventsFunction}), unchanged, run by
 * Tributary: the engine's change log is relayed to Kafka ({@link EngineRelay}), a pipeline routes
 * every change to the function through {@link LambdaHandlerAdapter}, and the records the function
 * reports in {@code batchItemFailures} are retried and, when they keep failing, dead-lettered.
 */
public final class LambdaHandlerExample {
  static final String TABLE = "Orders";
  static final String PIPELINE = "orders";
  static final String HANDLER = "process_order_stream";
  private static final Duration WAIT = Duration.ofMinutes(3);

  private final PrintStream out;

  public LambdaHandlerExample(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) throws Exception {
    Path dir = ExampleDirs.fromArgs(args, "lambda-handler");
    try {
      new LambdaHandlerExample(System.out).run(dir);
    } finally {
      ExampleDirs.deleteTemporary(args, dir);
    }
  }

  /** The mail service the function is given: prints, and times out on its first message to bob. */
  static final class FlakyMail implements CustomerMail {
    private final PrintStream out;
    private final Set<String> failedOnce = ConcurrentHashMap.newKeySet();

    FlakyMail(PrintStream out) {
      this.out = out;
    }

    @Override
    public void send(String to, String subject) {
      if (to.startsWith("bob@") && failedOnce.add(to)) {
        out.println(
            "  mail to "
                + to
                + ": timed out (the function reports the record in batchItemFailures)");
        throw new IllegalStateException("mail service timed out");
      }
      out.println("  mail to " + to + ": " + subject);
    }
  }

  public void run(Path dir) throws Exception {
    out.println("Starting Kafka (embedded KRaft), the engine, the relay and the pipeline...");
    try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"));
        TributaryEngine engine =
            TributaryEngine.open(EngineOptions.builder(dir.resolve("engine")).build())) {
      engine.createTable(
          CreateTableRequest.builder(TABLE).partitionKey("orderId", ScalarAttributeType.S).stream(
                  StreamViewType.NEW_AND_OLD_IMAGES)
              .build());

      CustomerMail mail = new FlakyMail(out);
      Pipeline pipeline =
          Pipeline.builder(PIPELINE)
              .source(TABLE)
              .route(
                  HANDLER,
                  Routes.always(),
                  HandlerSpec.of(
                          () ->
                              LambdaHandlerAdapter.builder(new OrderEventsFunction(mail))
                                  .functionName(HANDLER)
                                  .build())
                      // Lambda's MaximumRetryAttempts and on-failure destination, in pipeline
                      // terms:
                      .retry(
                          RetryPolicy.attempts(3)
                              .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(1), 2.0))
                      .isolateFailingKeys(true))
              .build();

      try (PipelineRuntime runtime =
              PipelineRuntime.builder(kafka.bootstrapServers())
                  .pipeline(pipeline)
                  .stateDir(dir.resolve("streams"))
                  .partitions(2)
                  .runnerId("example")
                  .start();
          EngineRelay relay =
              EngineRelay.builder(engine, kafka.clientConfig())
                  .relayId("example")
                  .changeTopicPartitions(2)
                  .build()
                  .start()) {
        out.println("Writing orders; the function's mail, as it is sent:");
        writeOrders(engine);
        awaitHandled(relay, runtime);

        List<ConsumerRecord<byte[], byte[]>> dead =
            readAll(kafka, pipeline.deadLetterTopic(HANDLER));
        out.println();
        out.println(
            "Dead-letter topic "
                + pipeline.deadLetterTopic(HANDLER)
                + ": "
                + dead.size()
                + " record(s)");
        for (ConsumerRecord<byte[], byte[]> r : dead) {
          ChangeEvent e = ChangeEventSerde.fromBytes(r.value());
          out.println(
              "  "
                  + e.eventName()
                  + " "
                  + orderId(e)
                  + " after "
                  + header(r, DeadLetterHeaders.ATTEMPTS)
                  + " attempts: "
                  + header(r, DeadLetterHeaders.ERROR_MESSAGE));
        }
        var stats = runtime.stats().values().iterator().next();
        out.println(
            "Runner: "
                + stats.delivered()
                + " deliveries, "
                + stats.retries()
                + " retries, "
                + stats.deadLettered()
                + " dead-lettered");
      }
    }
  }

  private static void writeOrders(TributaryEngine engine) {
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("orderId", "ORD-1")
                .s("email", "alice@example.com")
                .s("status", "PENDING")
                .n("total", "299.99")
                .build()));
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder()
                .s("orderId", "ORD-2")
                .s("email", "bob@example.com")
                .s("status", "PENDING")
                .n("total", "45.5")
                .build()));
    // No email address: the function can never process this record.
    engine.putItem(
        PutItemRequest.of(
            TABLE,
            Item.builder().s("orderId", "ORD-3").s("status", "PENDING").n("total", "12").build()));
    engine.updateItem(
        UpdateItemRequest.builder(TABLE, Item.key("orderId", "ORD-1"))
            .update("SET #s = :s")
            .name("#s", "status")
            .value(":s", AttributeValue.s("SHIPPED"))
            .build());
    engine.deleteItem(DeleteItemRequest.of(TABLE, Item.key("orderId", "ORD-2")));
  }

  /**
   * Waits until the relay has published every change and the pipeline has handled (or
   * dead-lettered) it.
   */
  private static void awaitHandled(EngineRelay relay, PipelineRuntime runtime)
      throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!relay.lag(TABLE).map(RelayLag::caughtUp).orElse(false)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the relay did not publish the changes within " + WAIT);
      }
      Thread.sleep(100);
    }
    // A group that has not committed yet (a slow start) must not count as caught up.
    while (!(runtime.awaitCaughtUp(Duration.ofSeconds(10)) && everyPartitionCommitted(runtime))) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the pipeline did not handle the changes within " + WAIT);
      }
    }
  }

  private static boolean everyPartitionCommitted(PipelineRuntime runtime) {
    List<LaneStatus> all = new ArrayList<>(runtime.topologies());
    all.addAll(runtime.lanes());
    return all.stream()
        .flatMap(l -> l.partitions().stream())
        .allMatch(p -> p.end() == 0 || p.committed().isPresent());
  }

  private static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafka kafka, String topic) {
    Map<String, Object> config = new HashMap<>(kafka.clientConfig());
    config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))
          && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  private static String orderId(ChangeEvent event) {
    return event.dynamodb().keys().get("orderId") instanceof AttributeValue.S id ? id.value() : "?";
  }

  private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
    Header h = record.headers().lastHeader(name);
    return h == null ? "?" : new String(h.value(), StandardCharsets.UTF_8);
  }
}
