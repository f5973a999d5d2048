package dev.tributary.connectors.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.FatalException;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one thread. Each round reads at most one batch (records and bytes bounded) across the
 * tables, sends it with the tables' new checkpoints in one Kafka transaction and commits before
 * reading further, so memory stays bounded and nothing is read ahead of what Kafka accepted. After
 * a failure it starts over from the committed checkpoints ({@link TransactionalSourceLoop}).
 */
public final class RelayLoop extends TransactionalSourceLoop {
  private static final Logger log = LoggerFactory.getLogger(RelayLoop.class);

  private final TributaryEngine engine;
  private final RelaySettings settings;
  private final Map<String, TableTail> tails = new ConcurrentHashMap<>();
  private Map<String, RelayCheckpoint> committed = new HashMap<>();
  private int rotation;
  private TableTail lastActive;

  public RelayLoop(TributaryEngine engine, RelaySettings settings, Lifecycle lifecycle) {
    super(lifecycle, settings.publish(), settings.transactionalId(), settings.discoveryInterval());
    this.engine = engine;
    this.settings = settings;
  }

  /** The tables being relayed now, by name (read by other threads for lag). */
  public Map<String, TableTail> tails() {
    return tails;
  }

  @Override
  String name() {
    return "Relay " + settings.relayId();
  }

  @Override
  void checkRetriable(RuntimeException e) {
    if (engine.state() != TributaryEngine.State.OPEN) {
      throw new FatalException("The engine was closed under relay " + settings.relayId(), e);
    }
  }

  @Override
  void connect(Admin admin) {
    Map<String, RelayCheckpoint> read = new HashMap<>();
    checkpoints
        .read(admin, settings.checkpointPrefix())
        .forEach((table, text) -> RelayCheckpoint.parse(text).ifPresent(c -> read.put(table, c)));
    committed = read;
    for (TableTail t : tails.values()) {
      t.resetTo(startFor(t.table, t.tableId));
    }
    log.info("Relay {} connected; checkpoints {}", settings.relayId(), read);
  }

  private long startFor(String table, String tableId) {
    RelayCheckpoint c = committed.get(table);
    return c != null && c.tableId().equals(tableId) ? c.sequence() : 0;
  }

  /** Picks up new tables, stream-spec changes and tables deleted (and created again). */
  @Override
  void discover() {
    List<EngineTables.TableInfo> tables = EngineTables.list(engine);
    Set<String> names =
        tables.stream().map(EngineTables.TableInfo::name).collect(Collectors.toSet());
    tails.keySet().removeIf(name -> !names.contains(name));
    for (EngineTables.TableInfo info : tables) {
      if (!legalTopicName(info.name(), "relay")) {
        continue;
      }
      TableTail existing = tails.get(info.name());
      if (existing != null && existing.tableId.equals(info.tableId())) {
        continue;
      }
      ChangeStream stream = engine.changeStream(info.name());
      long start = startFor(info.name(), info.tableId());
      // A table whose stream is off is still relayed while its log holds records not yet published.
      if (existing != null || info.streamEnabled() || stream.latestSequence() > start) {
        tails.put(
            info.name(),
            new TableTail(info.name(), info.tableId(), info.partitionKey(), stream, start));
        log.info(
            "Relay {} follows table {} (id {}) after sequence {}",
            settings.relayId(),
            info.name(),
            info.tableId(),
            start);
      }
    }
  }

  /** One transaction: up to one batch across the tables, then their checkpoints. */
  @Override
  int round(TransactionalPublisher publisher, TopicCreator topics) {
    List<TableTail> order = new ArrayList<>(tails.values());
    if (order.isEmpty()) {
      return 0;
    }
    int recordsLeft = settings.maxBatchRecords();
    long bytesLeft = settings.maxBatchBytes();
    Map<TableTail, Long> advanced = new HashMap<>();
    rotation = (rotation + 1) % order.size();
    for (int i = 0; i < order.size() && recordsLeft > 0 && bytesLeft > 0; i++) {
      TableTail t = order.get((rotation + i) % order.size());
      List<ChangeEvent> events;
      try {
        events = t.stream.read(t.published(), recordsLeft);
      } catch (ResourceNotFoundException e) {
        tails.remove(t.table, t); // deleted; discovery sees it again if it comes back
        continue;
      }
      if (events.isEmpty()) {
        continue;
      }
      warnIfTrimmed(t, ChangeStream.sequenceOf(events.get(0)));
      topics.ensure(Topics.changeTopic(t.table));
      long last = t.published();
      for (ChangeEvent e : events) {
        ProducerRecord<byte[], byte[]> r = ChangeRecords.of(e, t.table, t.partitionKey);
        publisher.send(r);
        last = ChangeStream.sequenceOf(e);
        recordsLeft--;
        bytesLeft -= r.key().length + r.value().length;
        if (bytesLeft <= 0) {
          break;
        }
      }
      String key = settings.checkpointPrefix() + t.table;
      publisher.send(checkpoints.record(key, new RelayCheckpoint(t.tableId, last).toText()));
      advanced.put(t, last);
      lastActive = t;
    }
    publisher.commit();
    int published = 0;
    for (Map.Entry<TableTail, Long> e : advanced.entrySet()) {
      TableTail t = e.getKey();
      published += (int) Math.min(Integer.MAX_VALUE, e.getValue() - t.published());
      t.published(e.getValue());
      committed.put(t.table, new RelayCheckpoint(t.tableId, e.getValue()));
    }
    return published;
  }

  /**
   * Retention trimmed records the relay had not published when the log now starts after the
   * checkpoint: they are gone; say which, once, and go on from the oldest retained record.
   */
  private void warnIfTrimmed(TableTail t, long firstRead) {
    if (firstRead <= t.published() + 1 || t.gapWarnedAt == t.published()) {
      return;
    }
    Optional<Long> oldest = t.stream.oldestSequence();
    if (oldest.isPresent() && oldest.get() >= firstRead) {
      t.gapWarnedAt = t.published();
      log.warn(
          "Relay {}: the change log of table {} was trimmed past the relay's checkpoint; sequences"
              + " {} to {} ({} records at most) were never published and are lost to the change"
              + " topic. Continuing from sequence {}, the oldest retained.",
          settings.relayId(),
          t.table,
          t.published() + 1,
          firstRead - 1,
          firstRead - 1 - t.published(),
          firstRead);
    }
  }

  /** Nothing to publish: wait (parked, not spinning) for the most recently busy table. */
  @Override
  void idle() throws InterruptedException {
    Optional<TableTail> busy =
        lastActive != null && tails.containsValue(lastActive)
            ? Optional.of(lastActive)
            : tails.values().stream().findFirst();
    if (busy.isEmpty()) {
      Thread.sleep(settings.idleWait().toMillis());
      return;
    }
    TableTail t = busy.get();
    try {
      t.stream.poll(t.published(), 1, settings.idleWait());
    } catch (ResourceNotFoundException e) {
      tails.remove(t.table, t);
    }
  }
}
