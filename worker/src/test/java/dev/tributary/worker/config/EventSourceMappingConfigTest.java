package dev.tributary.worker.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.OnFailure;
import dev.tributary.core.pipeline.StartingPosition;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lambda's StartingPosition and DestinationConfig.OnFailure on a handler in YAML. */
class EventSourceMappingConfigTest {
  @TempDir Path base;

  private HandlerSpec handler(String options) {
    String yaml =
        """
        pipelines:
          - name: orders
            sources: [Orders]
            handlers:
              h:
                type: test-ledger
                route: always
                config: {path: %s}
        %s
        """
            .formatted(base.resolve("ledger.txt"), options.indent(8));
    return WorkerConfig.parse(yaml, "tributary.yaml", base, Map.<String, String>of()::get)
        .pipelines()
        .get(0)
        .handlers()
        .get("h");
  }

  @Test
  void shouldReadEachStartingPosition() {
    assertThat(handler("").startingPosition()).isEqualTo(StartingPosition.TRIM_HORIZON);
    assertThat(handler("starting-position: latest").startingPosition())
        .isEqualTo(StartingPosition.LATEST);
    assertThat(handler("starting-position: TRIM_HORIZON").startingPosition())
        .isEqualTo(StartingPosition.TRIM_HORIZON);
    assertThat(
            handler(
                    "starting-position: at-timestamp\nstarting-position-timestamp: 2026-03-01T10:00:00Z")
                .startingPosition())
        .isEqualTo(StartingPosition.atTimestamp(Instant.parse("2026-03-01T10:00:00Z")));
    assertThat(
            handler("starting-position: AT_TIMESTAMP\nstarting-position-timestamp: 1772359200")
                .startingPosition())
        .isEqualTo(StartingPosition.atTimestamp(Instant.parse("2026-03-01T10:00:00Z")));
  }

  @Test
  void shouldReadTheOnFailureTopic() {
    assertThat(handler("on-failure: {topic: order-failures}").onFailure())
        .contains(OnFailure.topic("order-failures"));
    assertThat(handler("on-failure: {topic: order-failures, function-name: orders-fn}").onFailure())
        .contains(OnFailure.topic("order-failures").functionName("orders-fn"));
    assertThat(handler("on-failure: {topic: order-failures}").toString()).isNotNull();
  }

  @Test
  void shouldNameBadValues() {
    assertThatThrownBy(() -> handler("starting-position: at-timestamp"))
        .hasMessageContaining("starting-position")
        .hasMessageContaining("needs a StartingPositionTimestamp");
    assertThatThrownBy(() -> handler("starting-position: newest"))
        .hasMessageContaining("starting-position")
        .hasMessageContaining("must be one of");
    assertThatThrownBy(
            () ->
                handler(
                    "starting-position: latest\nstarting-position-timestamp: 2026-03-01T10:00:00Z"))
        .hasMessageContaining("starting-position-timestamp")
        .hasMessageContaining("only for starting-position: at-timestamp");
    assertThatThrownBy(
            () ->
                handler("starting-position: at-timestamp\nstarting-position-timestamp: yesterday"))
        .hasMessageContaining("must be an ISO-8601 instant");
    assertThatThrownBy(() -> handler("on-failure: {topic: 'no spaces'}"))
        .hasMessageContaining("on-failure")
        .hasMessageContaining("must be 1-100 characters");
    assertThatThrownBy(() -> handler("on-failure: {bucket: x}"))
        .hasMessageContaining("on-failure")
        .hasMessageContaining("must be an S3 bucket name");
    assertThatThrownBy(() -> handler("on-failure: {topic: t, bucket: order-failures}"))
        .hasMessageContaining(
            "needs exactly one of 'topic' (a Kafka topic), 'bucket' (an S3 bucket) or 'url' (a webhook)");
    assertThatThrownBy(() -> handler("on-failure: {function-name: fn}"))
        .hasMessageContaining("needs exactly one of");
    assertThatThrownBy(() -> handler("on-failure: {topic: t, secret: s}"))
        .hasMessageContaining("on-failure.secret")
        .hasMessageContaining("does not apply to an on-failure topic");
    assertThatThrownBy(() -> handler("on-failure: {url: 'ftp://x'}"))
        .hasMessageContaining("url must start with http:// or https://");
    assertThatThrownBy(() -> handler("on-failure: {bucket: order-failures, s3: {access-key: a}}"))
        .hasMessageContaining("'s3.access-key' and 's3.secret-key' go together");
  }

  @Test
  void shouldReadAnS3BucketOrAWebhookAsTheOnFailureDestination() {
    OnFailure s3 =
        handler(
                """
        on-failure:
          bucket: order-failures
          function-name: orders-fn
          s3: {endpoint: 'http://127.0.0.1:9000', path-style: true, access-key: a, secret-key: b}""")
            .onFailure()
            .orElseThrow();
    assertThat(s3.target()).isEqualTo("s3://order-failures");
    assertThat(s3.topic()).isEmpty();
    assertThat(s3.functionName()).contains("orders-fn");
    OnFailure hook =
        handler(
                """
        on-failure:
          url: 'https://ops.example.com/lambda-failures'
          secret: s3cret
          headers: {X-Team: orders}
          retry: {max-attempts: 4}""")
            .onFailure()
            .orElseThrow();
    assertThat(hook.target()).isEqualTo("webhook https://ops.example.com/lambda-failures");
    assertThat(hook.functionName()).isEmpty();
  }
}
