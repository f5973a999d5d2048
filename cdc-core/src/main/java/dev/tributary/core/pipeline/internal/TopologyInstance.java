package dev.tributary.core.pipeline.internal;

import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.PipelineTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One pipeline's Kafka Streams instance. A stream thread that dies is replaced: record-level
 * problems never get this far (the processor dead-letters them), so what does is the cluster being
 * slow or away, and exactly-once makes a fresh thread safe (the old transaction is aborted and the
 * new one resumes from the committed offsets). Only when the client itself goes to {@code ERROR} is
 * the pipeline failed.
 */
public final class TopologyInstance {
  private static final Logger log = LoggerFactory.getLogger(TopologyInstance.class);

  private final Pipeline pipeline;
  private final KafkaStreams streams;
  private final boolean staticMember;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private final AtomicReference<Throwable> lastThreadError = new AtomicReference<>();

  public TopologyInstance(
      Pipeline pipeline, String bootstrapServers, Path stateDir, Map<String, ?> overrides) {
    this.pipeline = pipeline;
    this.staticMember = overrides.containsKey(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
    this.streams =
        new KafkaStreams(
            PipelineTopology.build(pipeline),
            PipelineTopology.streamsConfig(pipeline, bootstrapServers, stateDir, overrides));
    streams.setUncaughtExceptionHandler(
        e -> {
          lastThreadError.set(e);
          // Logged once here, where the thread's death is handled.
          log.warn(
              "Pipeline {}: stream thread died, replacing it: {}", pipeline.name(), e.toString());
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    streams.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR) {
            Throwable cause = lastThreadError.get();
            failure.compareAndSet(
                null,
                new IllegalStateException(
                    "Kafka Streams of pipeline " + pipeline.name() + " went to ERROR", cause));
          }
        });
  }

  public void start() {
    streams.start();
  }

  public Pipeline pipeline() {
    return pipeline;
  }

  public KafkaStreams.State state() {
    return streams.state();
  }

  public Optional<Throwable> failure() {
    return Optional.ofNullable(failure.get());
  }

  /**
   * Commits, leaves the consumer group and closes; false if it did not finish within {@code
   * timeout}. Kafka Streams stays in its group on close unless told otherwise, and then whoever
   * takes the partitions next, this process restarted included, waits {@code session.timeout.ms}
   * (45 s) for the group to give up on the old member. A static member stays: keeping its place
   * across a restart is what static membership is for.
   */
  public boolean close(Duration timeout) {
    return streams.close(
        CloseOptions.timeout(timeout)
            .withGroupMembershipOperation(
                staticMember
                    ? GroupMembershipOperation.REMAIN_IN_GROUP
                    : GroupMembershipOperation.LEAVE_GROUP));
  }
}
