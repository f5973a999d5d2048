package dev.tributary.engine.http.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import java.io.IOException;
import java.util.List;

/**
 * A change event as the DynamoDB Streams API's {@code Record}: the members Lambda sees (as {@link
 * ChangeEventJson} writes them), except that there is no {@code eventSourceARN}, {@code
 * ApproximateCreationDateTime} is epoch seconds rounded down to the second, and {@code
 * userIdentity} uses the API's {@code PrincipalId} / {@code Type} member names.
 */
final class StreamRecordJson {
  private StreamRecordJson() {}

  static void write(JsonGenerator g, ChangeEvent e) throws IOException {
    ObjectNode record = (ObjectNode) JsonRequest.MAPPER.readTree(ChangeEventJson.toJsonBytes(e));
    record.remove(List.of("eventSourceARN", "tributary"));
    ((ObjectNode) record.get("dynamodb"))
        .put(
            "ApproximateCreationDateTime",
            e.dynamodb().approximateCreationDateTime().getEpochSecond());
    e.userIdentity()
        .ifPresent(
            u ->
                record
                    .putObject("userIdentity")
                    .put("PrincipalId", u.principalId())
                    .put("Type", u.type()));
    JsonRequest.MAPPER.writeTree(g, record);
  }
}
