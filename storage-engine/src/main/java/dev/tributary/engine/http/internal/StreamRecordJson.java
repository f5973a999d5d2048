package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.StreamRecord;
import dev.tributary.core.UserIdentity;
import java.io.IOException;

/**
 * A change event as the DynamoDB Streams API's {@code Record}: the members Lambda sees (keys and
 * images as {@link ChangeEventJson} writes them), except that there is no {@code eventSourceARN},
 * {@code ApproximateCreationDateTime} is epoch seconds rounded down to the second, and {@code
 * userIdentity} uses the API's {@code PrincipalId} / {@code Type} member names. Written straight to
 * the generator: GetRecords answers up to 1,000 of them.
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
    g.writeNumberField(
        "ApproximateCreationDateTime", r.approximateCreationDateTime().getEpochSecond());
    ChangeEventJson.writeKeysAndImages(g, r);
    g.writeEndObject();
    if (e.userIdentity().isPresent()) {
      UserIdentity u = e.userIdentity().get();
      g.writeObjectFieldStart("userIdentity");
      g.writeStringField("PrincipalId", u.principalId());
      g.writeStringField("Type", u.type());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
