package dev.tributary.connectors.internal;

import dev.tributary.core.pipeline.Topics;
import io.debezium.engine.DebeziumEngine;
import io.debezium.engine.RecordChangeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives the Debezium engine's batches and publishes each as one Kafka transaction: the change
 * records and the batch's last source offsets (into the checkpoint topic, {@link
 * KafkaTransactionOffsets}). Only after the commit are the records marked processed, which is when
 * the engine may tell the database (Postgres' slot) that it can let the log go. A failed
 * transaction is aborted (a new producer) and the same batch is sent again; a fenced producer ends
 * the source.
 */
public final class DebeziumConsumer
    implements DebeziumEngine.ChangeConsumer<RecordChangeEvent<SourceRecord>> {
  private static final Logger log = LoggerFactory.getLogger(DebeziumConsumer.class);

  private final DebeziumSettings settings;
  private final Lifecycle lifecycle;
  private final Admin admin;
  private final TransactionalPublisher publisher;
  private final CheckpointTopic checkpoints;
  private final TopicCreator topics;
  private final DebeziumEvents events;
  private final OldImageChecks oldImages;
  private final KafkaTransactionOffsets.Writer offsets;

  public DebeziumConsumer(DebeziumSettings settings, Lifecycle lifecycle, Admin admin) {
    this.settings = settings;
    this.lifecycle = lifecycle;
    this.admin = admin;
    this.publisher =
        new TransactionalPublisher(settings.publish().clientConfig(), settings.transactionalId());
    this.checkpoints =
        new CheckpointTopic(
            settings.publish().clientConfig(), settings.publish().checkpointTopic());
    this.topics = new TopicCreator(admin, settings.publish().changeTopicPartitions());
    this.events = new DebeziumEvents(settings.kind());
    this.oldImages = new OldImageChecks(settings);
    this.offsets =
        new KafkaTransactionOffsets.Writer(
            settings.engineName(), checkpoints, settings.checkpointPrefix());
  }

  public CheckpointTopic checkpoints() {
    return checkpoints;
  }

  /**
   * Creates the checkpoint topic and opens the producer, fencing an older instance and aborting
   * what it left open; before the engine reads its offsets.
   */
  public void open() {
    oldImages.checkServer();
    checkpoints.ensureExists(admin);
    topics.ensure(checkpoints.name());
    publisher.open();
  }

  @Override
  public void handleBatch(
      List<RecordChangeEvent<SourceRecord>> batch,
      DebeziumEngine.RecordCommitter<RecordChangeEvent<SourceRecord>> committer)
      throws InterruptedException {
    List<ProducerRecord<byte[], byte[]>> out = new ArrayList<>(batch.size() + 1);
    Map<Map<String, ?>, Map<String, ?>> lastOffsets = new LinkedHashMap<>();
    for (RecordChangeEvent<SourceRecord> e : batch) {
      SourceRecord r = e.record();
      for (SourceChange c : events.map(r)) {
        oldImages.check(c.table());
        topics.ensure(Topics.changeTopic(c.table()));
        out.add(ChangeRecords.of(c.event(), c.table(), c.partitionKey()));
      }
      if (r.sourcePartition() != null && r.sourceOffset() != null) {
        lastOffsets.put(r.sourcePartition(), r.sourceOffset());
      }
    }
    out.addAll(offsets.records(lastOffsets));
    long t0 = System.nanoTime();
    publish(out);
    log.debug(
        "Debezium source {}: batch of {} records, {} published in {} µs",
        settings.sourceId(),
        batch.size(),
        out.size(),
        (System.nanoTime() - t0) / 1000);
    for (RecordChangeEvent<SourceRecord> e : batch) {
      committer.markProcessed(e);
    }
    committer.markBatchFinished();
  }

  private void publish(List<ProducerRecord<byte[], byte[]>> records) throws InterruptedException {
    boolean reopen = false;
    while (true) {
      try {
        if (reopen) {
          publisher.open();
        }
        for (ProducerRecord<byte[], byte[]> r : records) {
          publisher.send(r);
        }
        publisher.commit();
        return;
      } catch (RuntimeException e) {
        if (TransactionalPublisher.isFatal(e)) {
          lifecycle.fail(publisher.fatal(e));
          throw publisher.fatal(e);
        }
        log.warn(
            "Debezium source {}: publishing a batch of {} records failed ({}); retrying in {}",
            settings.sourceId(),
            records.size(),
            e.toString(),
            settings.publish().retryBackoff());
        publisher.discard();
        reopen = true;
        Thread.sleep(settings.publish().retryBackoff().toMillis());
        if (!lifecycle.running()) {
          throw new InterruptedException(
              "Debezium source " + settings.sourceId() + " stopped while retrying");
        }
      }
    }
  }

  public void close() {
    publisher.close();
  }
}
