package dev.tributary.engine.http.internal;

import dev.tributary.core.ChangeEvent;
import dev.tributary.core.StreamViewType;
import dev.tributary.engine.ChangeStream;
import dev.tributary.engine.ResourceNotFoundException;
import dev.tributary.engine.TributaryEngine;
import dev.tributary.engine.ValidationException;
import dev.tributary.engine.model.KeySchemaElement;
import dev.tributary.engine.model.ListTablesResponse;
import dev.tributary.engine.model.StreamSpecification;
import dev.tributary.engine.model.TableDescription;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the engine's per-table change log onto DynamoDB Streams' model: a table's stream is named by
 * its label (the time streaming was enabled); each stream has one shard; the shard holds the log
 * records written while that stream was enabled. The engine remembers where each stream of a table
 * starts (the current one and its earlier ones); a stream ends where the next one starts, or at the
 * log's end once disabled. An ARN with a label the table never had is not found.
 */
final class StreamCatalog {
  private static final Pattern ARN =
      Pattern.compile(
          "arn:aws[a-z-]*:dynamodb:([^:]*):([^:]*):table/([a-zA-Z0-9_.-]{3,255})/stream/(.+)");
  private static final DateTimeFormatter LABEL =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

  private final TributaryEngine engine;

  StreamCatalog(TributaryEngine engine) {
    this.engine = engine;
  }

  /** One stream of one table, with where its records begin and (once closed) end. */
  record StreamInfo(
      String tableName,
      String arn,
      String label,
      Instant created,
      boolean enabled,
      Optional<StreamViewType> viewType,
      List<KeySchemaElement> keySchema,
      String shardId,
      ChangeStream log,
      long start,
      OptionalLong end) {

    boolean closed() {
      return end.isPresent();
    }

    /**
     * The first sequence a TRIM_HORIZON reader gets: the stream's start, or the oldest retained.
     */
    long trimHorizon() {
      long retained = log.oldestSequence().orElse(log.latestSequence() + 1);
      return Math.max(start, retained);
    }

    /** The highest sequence of this stream readable now. */
    long readableEnd() {
      long visible = log.latestSequence();
      return end.isPresent() ? Math.min(end.getAsLong(), visible) : visible;
    }
  }

  /**
   * Every table's streams still readable, by table name, each table's newest first; tables that
   * never streamed are left out.
   */
  List<StreamInfo> list(Optional<String> tableName) {
    List<StreamInfo> out = new ArrayList<>();
    if (tableName.isPresent()) {
      addStreams(engine.describeTable(tableName.get()), out);
      return out;
    }
    Optional<String> start = Optional.empty();
    do {
      ListTablesResponse page = engine.listTables(start, OptionalInt.of(100));
      for (String name : page.tableNames()) {
        try {
          addStreams(engine.describeTable(name), out);
        } catch (ResourceNotFoundException deletedMeanwhile) {
          // listed, then deleted before we described it
        }
      }
      start = page.lastEvaluatedTableName();
    } while (start.isPresent());
    return out;
  }

  /** The table's latest stream, then its earlier ones whose records retention has not trimmed. */
  private void addStreams(TableDescription table, List<StreamInfo> out) {
    Optional<StreamInfo> latest = current(table);
    if (latest.isEmpty()) {
      return;
    }
    out.add(latest.get());
    for (StreamInfo s : earlierStreams(latest.get())) {
      long end = s.end().getAsLong();
      if (end + 1 >= s.log().oldestSequence().orElse(s.log().latestSequence() + 1)) {
        out.add(s);
      }
    }
  }

  /** The stream with this ARN: the table's latest, or an earlier one still in its log. */
  StreamInfo byArn(String arn) {
    return find(arn, "Invalid StreamArn");
  }

  /**
   * The stream an iterator was issued for: the table's latest one, or an earlier one whose shard is
   * closed where the latest begins (its records stay readable until retention trims them).
   */
  StreamInfo forIterator(String arn) {
    return find(arn, "Invalid ShardIterator");
  }

  /**
   * The stream with this ARN: the table's latest, or an earlier one (streaming disabled, then
   * enabled again) still in its log; a malformed ARN is a ValidationException with {@code invalid}
   * as its message.
   */
  private StreamInfo find(String arn, String invalid) {
    Matcher m = ARN.matcher(arn);
    if (!m.matches()) {
      throw new ValidationException(invalid);
    }
    TableDescription table;
    try {
      table = engine.describeTable(m.group(3));
    } catch (ResourceNotFoundException e) {
      throw streamNotFound(arn);
    }
    StreamInfo latest = current(table).orElseThrow(() -> streamNotFound(arn));
    return latest.arn().equals(arn) ? latest : earlier(arn, m.group(4), latest);
  }

  /** A table's stream before {@code latest}, by its label; a label it never had is not found. */
  private StreamInfo earlier(String arn, String label, StreamInfo latest) {
    for (StreamInfo s : earlierStreams(latest)) {
      if (s.label().equals(label) && s.arn().equals(arn)) {
        return s;
      }
    }
    throw streamNotFound(arn);
  }

  /**
   * The table's earlier streams, newest first: each one's shard is closed where the next begins.
   */
  private List<StreamInfo> earlierStreams(StreamInfo latest) {
    List<StreamInfo> out = new ArrayList<>();
    String prefix = latest.arn().substring(0, latest.arn().length() - latest.label().length());
    long nextStart = latest.start();
    for (ChangeStream.EarlierStream e : latest.log().earlierStreams()) {
      Optional<Instant> created = parseLabel(e.label());
      if (created.isEmpty()) {
        continue;
      }
      String arn = prefix + e.label();
      long end = nextStart - 1;
      long start = Math.min(Math.max(1, e.startSequence()), end + 1);
      Optional<StreamViewType> view = Optional.empty();
      List<ChangeEvent> first = latest.log().read(start - 1, 1);
      if (!first.isEmpty() && ChangeStream.sequenceOf(first.get(0)) <= end) {
        view = Optional.of(first.get(0).dynamodb().streamViewType());
      }
      out.add(
          new StreamInfo(
              latest.tableName(),
              arn,
              e.label(),
              created.get(),
              false,
              view,
              latest.keySchema(),
              shardId(arn, e.label()),
              latest.log(),
              start,
              OptionalLong.of(end)));
      nextStart = start;
    }
    return out;
  }

  private Optional<StreamInfo> current(TableDescription table) {
    if (table.latestStreamLabel().isEmpty() || table.latestStreamArn().isEmpty()) {
      return Optional.empty();
    }
    String label = table.latestStreamLabel().get();
    String arn = table.latestStreamArn().get();
    Instant created =
        parseLabel(label)
            .orElseThrow(() -> new IllegalStateException("Unparsable stream label " + label));
    boolean enabled =
        table.streamSpecification().map(StreamSpecification::streamEnabled).orElse(false);
    ChangeStream log = engine.changeStream(table.tableName());
    // The engine records where the current stream begins; only older streams need the search.
    long start = log.streamStartSequence();
    OptionalLong end =
        enabled ? OptionalLong.empty() : OptionalLong.of(Math.max(start - 1, log.latestSequence()));
    Optional<StreamViewType> view =
        enabled
            ? table.streamSpecification().flatMap(StreamSpecification::streamViewType)
            : Optional.empty();
    if (view.isEmpty()) { // a disabled stream: its records still say which images they carry
      List<ChangeEvent> first = log.read(start - 1, 1);
      if (!first.isEmpty() && ChangeStream.sequenceOf(first.get(0)) <= end.orElse(Long.MAX_VALUE)) {
        view = Optional.of(first.get(0).dynamodb().streamViewType());
      }
    }
    return Optional.of(
        new StreamInfo(
            table.tableName(),
            arn,
            label,
            created,
            enabled,
            view,
            table.keySchema(),
            shardId(arn, label),
            log,
            start,
            end));
  }

  static Optional<Instant> parseLabel(String label) {
    try {
      return Optional.of(LocalDateTime.parse(label, LABEL).toInstant(ZoneOffset.UTC));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** {@code shardId-<20 digits of the label's epoch millis>-<8 hex of the ARN's hash>}. */
  static String shardId(String arn, String label) {
    long millis = parseLabel(label).map(Instant::toEpochMilli).orElse(0L);
    String hash =
        HexFormat.of().formatHex(Crypto.sha256(arn.getBytes(StandardCharsets.UTF_8)), 0, 4);
    return String.format("shardId-%020d-%s", millis, hash);
  }

  static ResourceNotFoundException streamNotFound(String arn) {
    return new ResourceNotFoundException(
        "Requested resource not found: Stream: " + arn + " not found");
  }
}
