package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.ChangeEvent;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.http.ExpiredIteratorException;
import dev.tributary.engine.http.TrimmedDataAccessException;
import dev.tributary.engine.http.UnknownOperationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The DynamoDB Streams API over the engine's change logs: ListStreams, DescribeStream,
 * GetShardIterator and GetRecords, with request and response JSON exactly as in the DynamoDB
 * Streams API reference. Each table stream is one shard ({@link StreamCatalog}); shard iterators
 * are self-contained, HMAC-signed positions ({@link ShardIterators}) that expire 15 minutes after
 * issue and survive engine restarts. Thread-safe.
 */
public final class StreamsApi implements StreamsOperations {
  static final Duration ITERATOR_LIFETIME = Duration.ofMinutes(15);
  static final int MAX_RECORDS_BYTES = 1024 * 1024;
  private static final JsonFactory JSON = new JsonFactory();
  private static final List<String> ITERATOR_TYPES =
      List.of("TRIM_HORIZON", "LATEST", "AT_SEQUENCE_NUMBER", "AFTER_SEQUENCE_NUMBER");

  private final StreamCatalog catalog;
  private final ShardIterators iterators;
  private final Clock clock;

  /**
   * @param engine the engine whose change logs are served
   * @param clock the clock iterator issue and expiry are measured on (the engine's, in tests)
   * @param iteratorKey the shard-iterator HMAC key, at least 32 bytes, stable across restarts (see
   *     {@link ShardIterators#loadOrCreateKey})
   */
  public StreamsApi(TributaryEngine engine, Clock clock, byte[] iteratorKey) {
    this.catalog = new StreamCatalog(Objects.requireNonNull(engine, "engine"));
    this.clock = Objects.requireNonNull(clock, "clock");
    this.iterators = new ShardIterators(Objects.requireNonNull(iteratorKey, "iteratorKey"));
  }

  @Override
  public byte[] handle(String operation, byte[] requestJson) {
    Objects.requireNonNull(operation, "operation");
    StreamsJsonRequest request = StreamsJsonRequest.parse(requestJson);
    return switch (operation) {
      case "ListStreams" -> listStreams(request);
      case "DescribeStream" -> describeStream(request);
      case "GetShardIterator" -> getShardIterator(request);
      case "GetRecords" -> getRecords(request);
      default -> throw new UnknownOperationException("An unknown operation was requested.");
    };
  }

  // ---- ListStreams ------------------------------------------------------------------------

  private byte[] listStreams(StreamsJsonRequest request) {
    Optional<String> tableName = request.string("TableName");
    int limit = request.integer("Limit", 1, 100).orElse(100);
    Optional<String> exclusiveStart = request.string("ExclusiveStartStreamArn");
    List<StreamCatalog.StreamInfo> all = catalog.list(tableName);
    int from = 0;
    if (exclusiveStart.isPresent()) {
      // after that stream; a stream gone since then: after its table's streams (each table's are
      // listed newest first, so a table's later ARN sorts before its earlier ones)
      String startArn = exclusiveStart.get();
      String startTable = tableOf(startArn);
      while (from < all.size()) {
        StreamCatalog.StreamInfo s = all.get(from);
        int c = s.tableName().compareTo(startTable);
        if (c > 0 || (c == 0 && s.arn().compareTo(startArn) < 0)) {
          break;
        }
        from++;
      }
    }
    List<StreamCatalog.StreamInfo> page = all.subList(from, Math.min(all.size(), from + limit));
    boolean more = from + limit < all.size();
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("Streams");
          for (StreamCatalog.StreamInfo s : page) {
            g.writeStartObject();
            g.writeStringField("StreamArn", s.arn());
            g.writeStringField("TableName", s.tableName());
            g.writeStringField("StreamLabel", s.label());
            g.writeEndObject();
          }
          g.writeEndArray();
          if (more) {
            g.writeStringField("LastEvaluatedStreamArn", page.get(page.size() - 1).arn());
          }
          g.writeEndObject();
        });
  }

  private static String tableOf(String streamArn) {
    int table = streamArn.indexOf(":table/");
    int stream = streamArn.indexOf("/stream/");
    if (table < 0 || stream < table) {
      throw new ValidationException("Invalid ExclusiveStartStreamArn");
    }
    return streamArn.substring(table + ":table/".length(), stream);
  }

  // ---- DescribeStream ---------------------------------------------------------------------

  private byte[] describeStream(StreamsJsonRequest request) {
    String arn = request.requiredString("StreamArn");
    request.integer("Limit", 1, 100);
    Optional<String> exclusiveStart = request.string("ExclusiveStartShardId");
    boolean childShards = childShardsFilter(request);
    StreamCatalog.StreamInfo s = catalog.byArn(arn);
    // a stream here is one shard that never splits: it has no child shards
    boolean includeShard =
        !childShards && exclusiveStart.map(id -> id.compareTo(s.shardId()) < 0).orElse(true);
    long first = s.trimHorizon();
    return json(
        g -> {
          g.writeStartObject();
          g.writeObjectFieldStart("StreamDescription");
          g.writeStringField("StreamArn", s.arn());
          g.writeStringField("StreamLabel", s.label());
          g.writeStringField("StreamStatus", s.enabled() ? "ENABLED" : "DISABLED");
          if (s.viewType().isPresent()) {
            g.writeStringField("StreamViewType", s.viewType().get().name());
          }
          g.writeFieldName("CreationRequestDateTime");
          g.writeNumber(epochSeconds(s.created()));
          g.writeStringField("TableName", s.tableName());
          ControlEncoder.keySchema(g, s.keySchema());
          g.writeArrayFieldStart("Shards");
          if (includeShard) {
            g.writeStartObject();
            g.writeStringField("ShardId", s.shardId());
            g.writeObjectFieldStart("SequenceNumberRange");
            g.writeStringField("StartingSequenceNumber", formatSequence(first));
            if (s.closed()) {
              g.writeStringField(
                  "EndingSequenceNumber", formatSequence(Math.max(first, s.end().getAsLong())));
            }
            g.writeEndObject();
            g.writeEndObject();
          }
          g.writeEndArray();
          g.writeEndObject();
          g.writeEndObject();
        });
  }

  /** Checks DescribeStream's ShardFilter as DynamoDB does; true when one is given. */
  private static boolean childShardsFilter(StreamsJsonRequest request) {
    Optional<StreamsJsonRequest> filter = request.object("ShardFilter");
    if (filter.isEmpty()) {
      return false;
    }
    String type =
        filter
            .get()
            .string("Type")
            .orElseThrow(
                () ->
                    StreamsJsonRequest.validation(
                        "null", "ShardFilter.type", "Member must not be null"));
    if (!type.equals("CHILD_SHARDS")) {
      throw StreamsJsonRequest.validation(
          "'" + type + "'",
          "ShardFilter.type",
          "Member must satisfy enum value set: [CHILD_SHARDS]");
    }
    String shardId =
        filter
            .get()
            .string("ShardId")
            .orElseThrow(
                () ->
                    StreamsJsonRequest.validation(
                        "null", "ShardFilter.shardId", "Member must not be null"));
    if (shardId.length() < 28 || shardId.length() > 65) {
      throw StreamsJsonRequest.validation(
          "'" + shardId + "'",
          "ShardFilter.shardId",
          "Member must have length "
              + (shardId.length() < 28
                  ? "greater than or equal to 28"
                  : "less than or equal to 65"));
    }
    return true;
  }

  // ---- GetShardIterator -------------------------------------------------------------------

  private byte[] getShardIterator(StreamsJsonRequest request) {
    String arn = request.requiredString("StreamArn");
    String shardId = request.requiredString("ShardId");
    String type = request.requiredString("ShardIteratorType");
    Optional<String> sequence = request.string("SequenceNumber");
    if (!ITERATOR_TYPES.contains(type)) {
      throw StreamsJsonRequest.validation(
          "'" + type + "'",
          "ShardIteratorType",
          "Member must satisfy enum value set: " + ITERATOR_TYPES);
    }
    if (sequence.isPresent() && (type.equals("TRIM_HORIZON") || type.equals("LATEST"))) {
      throw new ValidationException(
          "SequenceNumber must not be provided for ShardIteratorType " + type);
    }
    StreamCatalog.StreamInfo s = catalog.byArn(arn);
    if (!s.shardId().equals(shardId)) {
      throw new ResourceNotFoundException("Requested resource not found: Shard does not exist");
    }
    long after =
        switch (type) {
          case "TRIM_HORIZON" -> Math.min(s.trimHorizon() - 1, s.end().orElse(Long.MAX_VALUE));
          case "LATEST" ->
              s.closed() ? s.end().getAsLong() : Math.max(s.start() - 1, s.log().latestSequence());
          case "AT_SEQUENCE_NUMBER" -> checkedSequence(s, type, sequence) - 1;
          default -> checkedSequence(s, type, sequence);
        };
    String iterator = iterators.encode(new ShardIterators.Position(s.arn(), after, clock.millis()));
    return json(
        g -> {
          g.writeStartObject();
          g.writeStringField("ShardIterator", iterator);
          g.writeEndObject();
        });
  }

  private static long checkedSequence(
      StreamCatalog.StreamInfo s, String type, Optional<String> sequence) {
    String text =
        sequence.orElseThrow(
            () ->
                new ValidationException(
                    "SequenceNumber must be provided for ShardIteratorType " + type));
    long n;
    if (text.isEmpty() || text.length() > 40 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new ValidationException("Invalid SequenceNumber: " + text);
    }
    try {
      n = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new ValidationException("Invalid SequenceNumber: " + text);
    }
    long readable = s.readableEnd();
    long retained = s.log().oldestSequence().orElse(s.log().latestSequence() + 1);
    if (n < retained && n <= readable) {
      throw trimmed(); // checked first: once trimmed, where the stream began is no longer known
    }
    if (n < s.start() || n > Math.max(s.start(), readable)) {
      throw new ValidationException(
          "Invalid SequenceNumber: "
              + text
              + " is not in shard "
              + s.shardId()
              + " of stream "
              + s.arn());
    }
    return n;
  }

  // ---- GetRecords -------------------------------------------------------------------------

  private byte[] getRecords(StreamsJsonRequest request) {
    String iterator = request.requiredString("ShardIterator");
    int limit = request.integer("Limit", 1, 1000).orElse(1000);
    ShardIterators.Position position = iterators.decode(iterator);
    long now = clock.millis();
    if (now - position.issuedMillis() > ITERATOR_LIFETIME.toMillis()) {
      throw new ExpiredIteratorException(
          "Iterator expired. The iterator was created at time "
              + Instant.ofEpochMilli(position.issuedMillis())
              + " while right now it is "
              + Instant.ofEpochMilli(now)
              + " which is further in the future than the tolerated delay of "
              + ITERATOR_LIFETIME.toMillis()
              + " milliseconds.");
    }
    StreamCatalog.StreamInfo s = catalog.forIterator(position.streamArn());
    ChangeStream log = s.log();
    long after = position.afterSequence();
    long end = s.end().orElse(Long.MAX_VALUE);
    long caughtUpTo = Math.min(log.latestSequence(), end);
    List<ChangeEvent> events = List.of();
    if (after < caughtUpTo) {
      long retained = log.oldestSequence().orElse(log.latestSequence() + 1);
      if (after + 1 < retained) {
        throw trimmed();
      }
      events = log.read(after, limit);
    }
    List<String> records = new ArrayList<>();
    long bytes = 0;
    long last = after;
    boolean cut = events.size() >= limit;
    for (ChangeEvent e : events) {
      long seq = ChangeStream.sequenceOf(e);
      if (seq > end) {
        break;
      }
      String record = json(g -> StreamRecordJson.write(g, e), 512);
      if (!records.isEmpty() && bytes + record.length() > MAX_RECORDS_BYTES) {
        cut = true;
        break;
      }
      records.add(record);
      bytes += record.length();
      last = seq;
    }
    // Having read everything up to what was visible before the read, the position may move past
    // sequence numbers that were never written (abandoned writes) without skipping any record.
    long next = cut ? last : Math.max(last, Math.max(after, caughtUpTo));
    Optional<String> nextIterator =
        s.closed() && next >= end
            ? Optional.empty()
            : Optional.of(iterators.encode(new ShardIterators.Position(s.arn(), next, now)));
    return jsonBytes(records, nextIterator);
  }

  private static byte[] jsonBytes(List<String> records, Optional<String> nextIterator) {
    return json(
        g -> {
          g.writeStartObject();
          g.writeArrayFieldStart("Records");
          for (String r : records) {
            g.writeRawValue(r);
          }
          g.writeEndArray();
          if (nextIterator.isPresent()) {
            g.writeStringField("NextShardIterator", nextIterator.get());
          }
          g.writeEndObject();
        });
  }

  private static TrimmedDataAccessException trimmed() {
    return new TrimmedDataAccessException(
        "The operation attempted to read past the oldest stream record in a shard.");
  }

  // ---- JSON -------------------------------------------------------------------------------

  /** Sequence numbers as the engine prints them: 21 digits, so text order is numeric order. */
  static String formatSequence(long sequence) {
    String digits = Long.toString(Math.max(0, sequence));
    return "0".repeat(Math.max(0, 21 - digits.length())) + digits;
  }

  private static BigDecimal epochSeconds(Instant t) {
    return BigDecimal.valueOf(t.toEpochMilli()).movePointLeft(3);
  }

  private interface JsonWriter {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] json(JsonWriter writer) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static String json(JsonWriter writer, int sizeHint) {
    StringWriter out = new StringWriter(sizeHint);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      writer.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
