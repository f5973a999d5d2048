package dev.tributary.core.pipeline;

import dev.tributary.core.handler.ChangeHandler;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything a runner needs to drive one lane: the handler of one pipeline, with how to batch,
 * retry and dead-letter its events. Pipelines produce one per handler.
 *
 * @param bisectOnFailure when a batch throws, split it in halves and retry each, to find the
 *     failing events without holding back the good ones
 * @param isolateFailingKeys when an event keeps failing, park its key (later events of that key
 *     wait behind it, so order is kept) while other keys flow
 * @param startingPosition where a lane partition without a committed position starts
 * @param onFailure where invocation records of events that gave up go, if anywhere
 */
public record LaneSpec(
    String pipeline,
    String handler,
    Supplier<? extends ChangeHandler> handlerFactory,
    Batching batching,
    RetryPolicy retry,
    boolean bisectOnFailure,
    String deadLetterTopic,
    boolean isolateFailingKeys,
    StartingPosition startingPosition,
    Optional<OnFailure> onFailure) {

  public LaneSpec {
    Objects.requireNonNull(startingPosition, "startingPosition");
    Objects.requireNonNull(onFailure, "onFailure");
    Topics.legal(pipeline, "pipeline");
    Topics.legal(handler, "handler");
    Objects.requireNonNull(handlerFactory, "handlerFactory");
    Objects.requireNonNull(batching, "batching");
    Objects.requireNonNull(retry, "retry");
    Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
  }

  /** From the oldest event, without an on-failure destination. */
  public LaneSpec(
      String pipeline,
      String handler,
      Supplier<? extends ChangeHandler> handlerFactory,
      Batching batching,
      RetryPolicy retry,
      boolean bisectOnFailure,
      String deadLetterTopic,
      boolean isolateFailingKeys) {
    this(
        pipeline,
        handler,
        handlerFactory,
        batching,
        retry,
        bisectOnFailure,
        deadLetterTopic,
        isolateFailingKeys,
        StartingPosition.TRIM_HORIZON,
        Optional.empty());
  }

  public String laneTopic() {
    return Topics.laneTopic(pipeline, handler);
  }

  public String group() {
    return Topics.runnerGroup(pipeline, handler);
  }
}
