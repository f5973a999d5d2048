package dev.tributary.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Change events as JSON, in exactly the shape AWS Lambda receives DynamoDB Streams records ({@code
 * ApproximateCreationDateTime} in epoch seconds, images in typed attribute-value JSON). A snapshot
 * (backfill) event carries one extra top-level member, {@code "tributary": {"snapshot": true}},
 * which Lambda-style readers ignore.
 */
public final class ChangeEventJson {
  private static final JsonFactory JSON = new JsonFactory();

  private ChangeEventJson() {}

  public static String toJson(ChangeEvent event) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** A batch as Lambda's event: {@code {"Records": [...]}}. */
  public static String toLambdaEvent(List<ChangeEvent> records) {
    StringWriter out = new StringWriter(256 * Math.max(1, records.size()));
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("Records");
      for (ChangeEvent e : records) {
        write(g, e);
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  public static void write(JsonGenerator g, ChangeEvent e) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventID", e.eventId());
    g.writeStringField("eventName", e.eventName().name());
    g.writeStringField("eventVersion", e.eventVersion());
    g.writeStringField("eventSource", e.eventSource());
    g.writeStringField("awsRegion", e.awsRegion());
    g.writeObjectFieldStart("dynamodb");
    StreamRecord r = e.dynamodb();
    Instant t = r.approximateCreationDateTime();
    g.writeFieldName("ApproximateCreationDateTime");
    g.writeNumber(epochSeconds(t.toEpochMilli()));
    writeKeysAndImages(g, r);
    g.writeEndObject();
    g.writeStringField("eventSourceARN", e.eventSourceArn());
    if (e.userIdentity().isPresent()) {
      g.writeObjectFieldStart("userIdentity");
      g.writeStringField("type", e.userIdentity().get().type());
      g.writeStringField("principalId", e.userIdentity().get().principalId());
      g.writeEndObject();
    }
    if (e.snapshot()) {
      g.writeObjectFieldStart("tributary");
      g.writeBooleanField("snapshot", true);
      g.writeEndObject();
    }
    g.writeEndObject();
  }

  /**
   * The members of a {@code dynamodb} record after its {@code ApproximateCreationDateTime}: {@code
   * Keys}, {@code NewImage}, {@code OldImage}, {@code SequenceNumber}, {@code SizeBytes}, {@code
   * StreamViewType}. The DynamoDB Streams API's {@code Record} writes them alike.
   */
  public static void writeKeysAndImages(JsonGenerator g, StreamRecord r) throws IOException {
    g.writeFieldName("Keys");
    AttributeValueJson.writeItem(g, r.keys());
    if (r.newImage().isPresent()) {
      g.writeFieldName("NewImage");
      AttributeValueJson.writeItem(g, r.newImage().get());
    }
    if (r.oldImage().isPresent()) {
      g.writeFieldName("OldImage");
      AttributeValueJson.writeItem(g, r.oldImage().get());
    }
    g.writeStringField("SequenceNumber", r.sequenceNumber());
    g.writeNumberField("SizeBytes", r.sizeBytes());
    g.writeStringField("StreamViewType", r.streamViewType().name());
  }

  /**
   * Epoch seconds with the milliseconds as a fraction. Lambda's Java runtime reads this number as
   * {@code (long) (double * 1000)}, which lands one millisecond short for some values (0.432 s is
   * 431.99999 ms as a double); for those a sub-microsecond nudge is added, which that reader then
   * truncates to the exact millisecond, as does {@link #read}.
   */
  static BigDecimal epochSeconds(long millis) {
    BigDecimal seconds = BigDecimal.valueOf(millis).movePointLeft(3).stripTrailingZeros();
    BigDecimal nudge = new BigDecimal("0.0000001");
    for (int i = 0; i < 8 && (long) (seconds.doubleValue() * 1000.0) != millis; i++) {
      seconds = BigDecimal.valueOf(millis).movePointLeft(3).add(nudge);
      nudge = nudge.add(nudge);
    }
    return seconds;
  }

  public static ChangeEvent fromJson(String json) {
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      return read(p);
    } catch (IOException e) {
      throw new BadRecordException("Malformed change event JSON: " + e.getMessage(), e);
    }
  }

  /**
   * An event from its UTF-8 JSON. Reads the bytes directly (Jackson's byte parser), with no
   * intermediate {@code String}: a third cheaper than decoding first, and this runs once per event
   * in every runner.
   */
  public static ChangeEvent fromJson(byte[] utf8) {
    try (JsonParser p = JSON.createParser(utf8)) {
      p.nextToken();
      return read(p);
    } catch (IOException e) {
      throw new BadRecordException("Malformed change event JSON: " + e.getMessage(), e);
    }
  }

  /** The event as UTF-8 JSON, written straight to bytes. */
  public static byte[] toJsonBytes(ChangeEvent event) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, event);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** Reads one event; the parser stands on its START_OBJECT. Unknown members are skipped. */
  public static ChangeEvent read(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "event");
    String id = null;
    String name = null;
    String version = "1.1";
    String source = "aws:dynamodb";
    String region = "";
    String arn = "";
    StreamRecord record = null;
    UserIdentity identity = null;
    boolean snapshot = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "eventID" -> id = p.getText();
        case "eventName" -> name = p.getText();
        case "eventVersion" -> version = p.getText();
        case "eventSource" -> source = p.getText();
        case "awsRegion" -> region = p.getText();
        case "eventSourceARN" -> arn = p.getText();
        case "dynamodb" -> record = readRecord(p);
        case "userIdentity" -> identity = readIdentity(p);
        case "tributary" -> snapshot = readSnapshot(p);
        default -> p.skipChildren();
      }
    }
    if (id == null || name == null || record == null) {
      throw new BadRecordException("A change event needs eventID, eventName and dynamodb");
    }
    EventName eventName;
    try {
      eventName = EventName.valueOf(name);
    } catch (IllegalArgumentException e) {
      throw new BadRecordException(
          "Unknown eventName " + name + "; expected INSERT, MODIFY or REMOVE");
    }
    return new ChangeEvent(
        id,
        eventName,
        version,
        source,
        region,
        arn,
        record,
        Optional.ofNullable(identity),
        snapshot);
  }

  private static StreamRecord readRecord(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "dynamodb");
    Map<String, AttributeValue> keys = Map.of();
    Map<String, AttributeValue> newImage = null;
    Map<String, AttributeValue> oldImage = null;
    String sequence = null;
    long size = 0;
    StreamViewType view = StreamViewType.NEW_AND_OLD_IMAGES;
    Instant created = Instant.EPOCH;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      switch (field) {
        case "Keys" -> keys = AttributeValueJson.readItem(p);
        case "NewImage" -> newImage = AttributeValueJson.readItem(p);
        case "OldImage" -> oldImage = AttributeValueJson.readItem(p);
        case "SequenceNumber" -> sequence = p.getText();
        case "SizeBytes" -> size = p.getLongValue();
        case "StreamViewType" -> view = StreamViewType.valueOf(p.getText());
        case "ApproximateCreationDateTime" ->
            created = Instant.ofEpochMilli(p.getDecimalValue().movePointRight(3).longValue());
        default -> p.skipChildren();
      }
    }
    if (sequence == null) {
      throw new BadRecordException("A change event's dynamodb record needs a SequenceNumber");
    }
    return new StreamRecord(
        keys,
        Optional.ofNullable(newImage),
        Optional.ofNullable(oldImage),
        sequence,
        size,
        view,
        created);
  }

  private static UserIdentity readIdentity(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "userIdentity");
    String type = "";
    String principal = "";
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("type")) {
        type = p.getText();
      } else if (field.equals("principalId")) {
        principal = p.getText();
      } else {
        p.skipChildren();
      }
    }
    return new UserIdentity(type, principal);
  }

  private static boolean readSnapshot(JsonParser p) throws IOException {
    expect(p, JsonToken.START_OBJECT, "tributary");
    boolean snapshot = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      p.nextToken();
      if (field.equals("snapshot")) {
        snapshot = p.getValueAsBoolean();
      } else {
        p.skipChildren();
      }
    }
    return snapshot;
  }

  private static void expect(JsonParser p, JsonToken token, String what) {
    if (p.currentToken() != token) {
      throw new BadRecordException(
          "Expected " + what + " to be a JSON object, found " + p.currentToken());
    }
  }
}
