package dev.tributary.worker.replay;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.replay.ProgressListener;
import dev.tributary.core.replay.Redelivery;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * What a replay and a backfill share: the one handler of a pipeline they deliver to, the Kafka
 * settings, the dry-run sink and the progress listener; {@link #open} starts the delivery to it.
 */
record DeliveryTarget(
    Pipeline pipeline,
    LaneSpec lane,
    Map<String, Object> clientConfig,
    Optional<Consumer<? super ChangeEvent>> dryRun,
    ProgressListener progress) {

  DeliveryTarget {
    clientConfig = Map.copyOf(clientConfig);
  }

  /**
   * Opens the delivery to the handler (to the dry-run sink in a dry run); {@code progress} is told
   * after each batch. Kafka settings, when there are any, carry the dead letters.
   */
  Redelivery open(ProgressListener batchProgress) {
    Redelivery.Builder rb = Redelivery.builder(lane).progress(batchProgress);
    if (!clientConfig.isEmpty()) {
      rb.clientConfig(clientConfig);
    }
    dryRun.ifPresent(rb::dryRun);
    return rb.open();
  }

  /** The options a replay's and a backfill's builders share; the subclass adds its own. */
  abstract static class Builder<B extends Builder<B>> {
    final Pipeline pipeline;
    final LaneSpec lane;
    final Map<String, Object> clientConfig = new HashMap<>();
    private Consumer<? super ChangeEvent> dryRun;
    private ProgressListener progress = ProgressListener.NONE;

    /**
     * The target is {@code handler} of {@code pipeline}; an unknown handler names the known ones.
     */
    Builder(Pipeline pipeline, String handler) {
      this.pipeline = Objects.requireNonNull(pipeline, "pipeline");
      Objects.requireNonNull(handler, "handler");
      pipeline.laneTopic(handler); // rejects an unknown handler, naming the known ones
      this.lane =
          pipeline.lanes().stream()
              .filter(l -> l.handler().equals(handler))
              .findFirst()
              .orElseThrow();
    }

    @SuppressWarnings("unchecked") // B is the subclass itself
    private B self() {
      return (B) this;
    }

    /** Kafka client settings (at least {@code bootstrap.servers}): lane reads, dead letters. */
    public B clientConfig(Map<String, ?> config) {
      Objects.requireNonNull(config, "clientConfig");
      config.forEach(
          (k, v) ->
              clientConfig.put(Objects.requireNonNull(k, "key"), Objects.requireNonNull(v, k)));
      return self();
    }

    /** Hands the events that would be delivered to {@code sink}; the handler is not called. */
    public B dryRun(Consumer<? super ChangeEvent> sink) {
      this.dryRun = Objects.requireNonNull(sink, "dryRun");
      return self();
    }

    /** Told after each batch how far the delivery is ({@link ProgressListener}). */
    public B progress(ProgressListener listener) {
      this.progress = Objects.requireNonNull(listener, "progress");
      return self();
    }

    boolean isDryRun() {
      return dryRun != null;
    }

    DeliveryTarget target() {
      return new DeliveryTarget(
          pipeline, lane, clientConfig, Optional.ofNullable(dryRun), progress);
    }
  }
}
