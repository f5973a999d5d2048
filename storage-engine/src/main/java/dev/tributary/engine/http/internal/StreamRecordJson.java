package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.StreamRecord;
import java.io.IOException;

/**
 * A change event as the DynamoDB Streams API's {@code Record}: the members Lambda sees, except
 * that there is no {@code eventSourceARN}, {@code ApproximateCreationDateTime} is epoch seconds
 * rounded down to the second, and {@code userIdentity} uses the API's {@code PrincipalId} /
 * {@code Type} member names.
 */
final class StreamRecordJson {
  private StreamRecordJson() {}

  static void write(JsonGenerator g, ChangeEvent e) throws IOException {
    g.writeStartObject();
    g.writeStringField("eventID", e.eventId());
    g.writeStringField("eventName", e.eventName().name());
    g.writeStringField("eventVersion", e.eventVersion());
    g.writeStringField("eventSource", e.eventSource());
    g.writeStringField("awsRegion", e.awsRegion());
    g.writeObjectFieldStart("dynamodb");
    StreamRecord r = e.dynamodb();
    g.writeNumberField("ApproximateCreationDateTime", r.approximateCreationDateTime().getEpochSecond());
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
    g.writeEndObject();
    if (e.userIdentity().isPresent()) {
      g.writeObjectFieldStart("userIdentity");
      g.writeStringField("PrincipalId", e.userIdentity().get().principalId());
      g.writeStringField("Type", e.userIdentity().get().type());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
