package dev.tributary.connectors.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.AttributeValueJson;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.kafka.ChangeEventSerde;
import dev.tributary.core.pipeline.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A change event as a change-topic record, the same for every source: key = the DynamoDB JSON of
 * the item's partition-key value (numbers are normalized, so one item always gets the same bytes
 * and one partition), value = the event JSON, headers = event name, table, sequence and snapshot
 * flag (so pipelines route without parsing).
 */
public final class ChangeRecords {
  private ChangeRecords() {}

  public static ProducerRecord<byte[], byte[]> of(
      ChangeEvent event, String table, String partitionKey) {
    ProducerRecord<byte[], byte[]> r =
        new ProducerRecord<>(
            Topics.changeTopic(table), key(event, partitionKey), ChangeEventSerde.toBytes(event));
    ChangeEventSerde.addRoutingHeaders(r.headers(), event, table);
    return r;
  }

  /** The canonical partition-key bytes; all keys when the event lacks the named attribute. */
  public static byte[] key(ChangeEvent event, String partitionKey) {
    Map<String, AttributeValue> keys = event.dynamodb().keys();
    AttributeValue pk = keys.get(partitionKey);
    return bytes(pk != null ? AttributeValueJson.toJson(pk) : AttributeValueJson.itemToJson(keys));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
