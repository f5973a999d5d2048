package dev.tributary.core.pipeline;

import dev.tributary.core.handler.ChangeHandler;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Everything a runner needs to drive one lane: the handler of one pipeline, with how to batch,
 * retry and dead-letter its events. Pipelines produce one per handler.
 *
 * @param bisectOnFailure when a batch throws, split it in halves and retry each, to find the
 *     failing events without holding back the good ones
 * @param isolateFailingKeys when an event keeps failing, park its key (later events of that key
 *     wait behind it, so order is kept) while other keys flow
 */
public record LaneSpec(
    String pipeline,
    String handler,
    Supplier<? extends ChangeHandler> handlerFactory,
    Batching batching,
    RetryPolicy retry,
    boolean bisectOnFailure,
    String deadLetterTopic,
    boolean isolateFailingKeys) {

  public LaneSpec {
    Topics.legal(pipeline, "pipeline");
    Topics.legal(handler, "handler");
    Objects.requireNonNull(handlerFactory, "handlerFactory");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
  }

  public String laneTopic() {
    return Topics.laneTopic(pipeline, handler);
  }

  public String group() {
    return Topics.runnerGroup(pipeline, handler);
  }
}
