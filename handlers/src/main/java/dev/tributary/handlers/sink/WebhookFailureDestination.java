package dev.tributary.handlers.sink;

import dev.tributary.core.pipeline.InvocationRecord;
import dev.tributary.core.pipeline.OnFailureDestination;
import java.nio.charset.StandardCharsets;

/**
 * An on-failure destination that POSTs each invocation record (the JSON Lambda sends to SQS or SNS)
 * with the webhook sink's headers, signature and retries; {@code Idempotency-Key} is the record's
 * {@code requestId}. When every attempt fails, or the receiver answers a 4xx, delivery throws and
 * the runner keeps the events' position uncommitted, trying again later.
 */
final class WebhookFailureDestination implements OnFailureDestination {
  private final WebhookSink sink;

  WebhookFailureDestination(WebhookSink sink) {
    this.sink = sink;
  }

  @Override
  public void deliver(InvocationRecord record) throws InterruptedException {
    String problem = sink.post(record.json().getBytes(StandardCharsets.UTF_8), record.requestId());
    if (problem != null) {
      throw new IllegalStateException(problem.startsWith("dead:") ? problem.substring(5) : problem);
    }
  }
}
