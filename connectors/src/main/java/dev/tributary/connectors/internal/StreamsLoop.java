package dev.tributary.connectors.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.pipeline.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The DynamoDB Streams source's one thread. Each round calls GetRecords once on every shard that
 * may be read (parents before children, {@link ShardLineage}), sends the records and the shards'
 * new checkpoints in one Kafka transaction, and commits before reading further. Shard iterators
 * advance only after the commit; after a failure every iterator is recreated from the committed
 * checkpoints ({@link TransactionalSourceLoop}).
 */
public final class StreamsLoop extends TransactionalSourceLoop {
  private static final Logger log = LoggerFactory.getLogger(StreamsLoop.class);

  private final DynamoDbStreamsClient client;
  private final StreamsSettings settings;
  private final Map<String, ShardCursor> cursors = new ConcurrentHashMap<>();
  private final Map<String, StreamDirectory.StreamView> streams = new LinkedHashMap<>();
  private Map<String, ShardCheckpoint> committed = new HashMap<>();
  private int rotation;

  public StreamsLoop(DynamoDbStreamsClient client, StreamsSettings settings, Lifecycle lifecycle) {
    super(lifecycle, settings.publish(), settings.transactionalId(), settings.discoveryInterval());
    this.client = client;
    this.settings = settings;
  }

  /** Committed checkpoints by {@code <stream ARN>|<shard id>} (read by other threads). */
  public Map<String, ShardCheckpoint> checkpoints() {
    Map<String, ShardCheckpoint> out = new HashMap<>();
    cursors.forEach((k, c) -> out.put(k, c.checkpoint));
    return out;
  }

  @Override
  String name() {
    return "Streams source " + settings.sourceId();
  }

  @Override
  void idle() throws InterruptedException {
    Thread.sleep(settings.pollInterval().toMillis());
  }

  @Override
  void connect(Admin admin) {
    Map<String, ShardCheckpoint> read = new HashMap<>();
    checkpoints
        .read(admin, settings.checkpointPrefix())
        .forEach((key, text) -> ShardCheckpoint.parse(text).ifPresent(c -> read.put(key, c)));
    committed = read;
    for (ShardCursor c : cursors.values()) {
      c.checkpoint = committed.getOrDefault(c.key, ShardCheckpoint.START);
      c.iterator = Optional.empty();
    }
    log.info("Streams source {} connected; {} shard checkpoints", settings.sourceId(), read.size());
  }

  @Override
  void discover() {
    Map<String, StreamDirectory.StreamView> found = new LinkedHashMap<>();
    Set<String> listed = new HashSet<>();
    for (StreamDirectory.StreamView s : StreamDirectory.list(client, settings.tables())) {
      if (!legalTopicName(s.table(), "publish")) {
        continue;
      }
      found.put(s.arn(), s);
      for (Shard shard : s.shards()) {
        String key = s.arn() + "|" + shard.shardId();
        listed.add(key);
        ShardCursor c = cursors.get(key);
        if (c == null) {
          cursors.put(
              key,
              new ShardCursor(
                  key, shard.shardId(), s, committed.getOrDefault(key, ShardCheckpoint.START)));
          log.info(
              "Streams source {} follows shard {} of {} (table {})",
              settings.sourceId(),
              shard.shardId(),
              s.arn(),
              s.table());
        } else {
          c.stream = s;
        }
      }
    }
    // A stream no longer listed (an endpoint may list only a table's latest stream) is read on to
    // the end of its shards while they answer.
    for (StreamDirectory.StreamView s : streams.values()) {
      if (!found.containsKey(s.arn())) {
        List<String> open =
            s.shards().stream()
                .map(sh -> s.arn() + "|" + sh.shardId())
                .filter(k -> !finished(k))
                .toList();
        if (!open.isEmpty()) {
          found.put(s.arn(), s);
          s.shards().forEach(sh -> listed.add(s.arn() + "|" + sh.shardId()));
        }
      }
    }
    streams.clear();
    streams.putAll(found);
    // Shards expire (AWS keeps 24 hours); forget them so a long-running source stays small.
    cursors.keySet().retainAll(listed);
    committed.keySet().retainAll(listed);
  }

  /**
   * The shards to read this round. Per table, streams are taken in label order and a newer stream
   * (the table's stream was disabled and enabled again) is read only once the older one is fully
   * read, so one key's changes reach its partition in the order they were made; within a stream,
   * {@link ShardLineage} holds children back until their parents are done.
   */
  private List<ShardCursor> readable() {
    Map<String, List<StreamDirectory.StreamView>> byTable = new TreeMap<>();
    streams
        .values()
        .forEach(s -> byTable.computeIfAbsent(s.table(), t -> new ArrayList<>()).add(s));
    List<ShardCursor> out = new ArrayList<>();
    for (List<StreamDirectory.StreamView> tableStreams : byTable.values()) {
      tableStreams.sort(Comparator.comparing(StreamDirectory.StreamView::label));
      for (StreamDirectory.StreamView s : tableStreams) {
        for (Shard shard : ShardLineage.readable(s.shards(), id -> finished(s.arn() + "|" + id))) {
          ShardCursor c = cursors.get(s.arn() + "|" + shard.shardId());
          if (c != null) {
            out.add(c);
          }
        }
        if (!s.shards().stream().allMatch(sh -> finished(s.arn() + "|" + sh.shardId()))) {
          break;
        }
      }
    }
    return out;
  }

  /** Fully read, or gone (a shard whose cursor was dropped because the endpoint lost it). */
  private boolean finished(String key) {
    ShardCursor c = cursors.get(key);
    return c == null || c.checkpoint.finished();
  }

  private record Advance(
      ShardCursor cursor, ShardCheckpoint checkpoint, Optional<String> iterator) {}

  /** One GetRecords per readable shard, all published in one transaction. */
  @Override
  int round(TransactionalPublisher publisher, TopicCreator topics) {
    List<ShardCursor> order = readable();
    if (order.isEmpty()) {
      return 0;
    }
    rotation = (rotation + 1) % order.size();
    int left = settings.maxBatchRecords();
    List<Advance> advances = new ArrayList<>();
    for (int i = 0; i < order.size() && left > 0; i++) {
      ShardCursor c = order.get((rotation + i) % order.size());
      Optional<GetRecordsResponse> page = getRecords(c, Math.min(1000, left));
      if (page.isEmpty()) {
        continue;
      }
      List<Record> records = page.get().records();
      Optional<String> next = Optional.ofNullable(page.get().nextShardIterator());
      StreamDirectory.StreamView s = c.stream;
      Optional<String> last = c.checkpoint.sequence();
      if (!records.isEmpty()) {
        topics.ensure(Topics.changeTopic(s.table()));
      }
      for (Record r : records) {
        ChangeEvent e = SdkEvents.toEvent(r, s.arn(), s.viewType());
        publisher.send(ChangeRecords.of(e, s.table(), s.partitionKey()));
        last = Optional.of(e.dynamodb().sequenceNumber());
        left--;
      }
      if (records.isEmpty() && next.isPresent()) {
        c.iterator = next; // moved over nothing: no checkpoint to write
        continue;
      }
      ShardCheckpoint cp = new ShardCheckpoint(last, next.isEmpty());
      publisher.send(checkpoints.record(settings.checkpointPrefix() + c.key, cp.toText()));
      advances.add(new Advance(c, cp, next));
    }
    publisher.commit();
    int published = 0;
    for (Advance a : advances) {
      published += a.checkpoint().finished() && !a.cursor().checkpoint.finished() ? 1 : 0;
      published += a.checkpoint().sequence().equals(a.cursor().checkpoint.sequence()) ? 0 : 1;
      a.cursor().checkpoint = a.checkpoint();
      a.cursor().iterator = a.iterator();
      committed.put(a.cursor().key, a.checkpoint());
      if (a.checkpoint().finished()) {
        log.info("Streams source {}: shard {} fully read", settings.sourceId(), a.cursor().shardId);
      }
    }
    return published;
  }

  /**
   * One page of a shard, or empty when it cannot be read now (the cursor is repaired for later).
   */
  private Optional<GetRecordsResponse> getRecords(ShardCursor c, int limit) {
    try {
      if (c.iterator.isEmpty()) {
        c.iterator = Optional.of(iteratorFor(c));
      }
      String it = c.iterator.get();
      return Optional.of(client.getRecords(r -> r.shardIterator(it).limit(limit)));
    } catch (ExpiredIteratorException e) {
      c.iterator = Optional.empty(); // recreated from the checkpoint next round
    } catch (TrimmedDataAccessException e) {
      log.warn(
          "Streams source {}: shard {} of {} was trimmed past the checkpoint {}; records after it"
              + " that expired were never published. Continuing from the oldest retained record.",
          settings.sourceId(),
          c.shardId,
          c.stream.arn(),
          c.checkpoint.sequence().orElse("(start)"));
      c.iterator = Optional.empty();
      c.fromTrimHorizon = true;
    } catch (ResourceNotFoundException e) {
      log.warn(
          "Streams source {}: shard {} of {} is gone: {}",
          settings.sourceId(),
          c.shardId,
          c.stream.arn(),
          e.getMessage());
      cursors.remove(c.key);
    }
    return Optional.empty();
  }

  private String iteratorFor(ShardCursor c) {
    Optional<String> seq = c.fromTrimHorizon ? Optional.empty() : c.checkpoint.sequence();
    c.fromTrimHorizon = false;
    return client
        .getShardIterator(
            r -> {
              r.streamArn(c.stream.arn()).shardId(c.shardId);
              if (seq.isPresent()) {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER)
                    .sequenceNumber(seq.get());
              } else {
                r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
              }
            })
        .shardIterator();
  }
}
