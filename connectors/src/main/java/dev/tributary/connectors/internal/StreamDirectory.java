package dev.tributary.connectors.internal;

import dev.tributary.core.StreamViewType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.DescribeStreamResponse;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ListStreamsResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.Stream;
import software.amazon.awssdk.services.dynamodb.model.StreamDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/** ListStreams and DescribeStream, every page: the streams to read and all their shards. */
final class StreamDirectory {
  /**
   * One stream: its table, label (its creation time, sortable text), the table's partition-key
   * attribute, view type and shards.
   */
  record StreamView(
      String arn,
      String table,
      String label,
      String partitionKey,
      StreamViewType viewType,
      List<Shard> shards) {}

  private StreamDirectory() {}

  static List<StreamView> list(DynamoDbStreamsClient client, Set<String> tables) {
    List<Stream> streams = new ArrayList<>();
    if (tables.isEmpty()) {
      streams.addAll(listStreams(client, Optional.empty()));
    } else {
      tables.forEach(t -> streams.addAll(listStreams(client, Optional.of(t))));
    }
    List<StreamView> out = new ArrayList<>();
    for (Stream s : streams) {
      describe(client, s.streamArn()).ifPresent(out::add);
    }
    return out;
  }

  private static List<Stream> listStreams(DynamoDbStreamsClient client, Optional<String> table) {
    List<Stream> out = new ArrayList<>();
    String start = null;
    do {
      String from = start;
      ListStreamsResponse page =
          client.listStreams(r -> r.tableName(table.orElse(null)).exclusiveStartStreamArn(from));
      out.addAll(page.streams());
      start = page.lastEvaluatedStreamArn();
    } while (start != null);
    return out;
  }

  private static Optional<StreamView> describe(DynamoDbStreamsClient client, String arn) {
    List<Shard> shards = new ArrayList<>();
    StreamDescription first = null;
    String start = null;
    try {
      do {
        String from = start;
        DescribeStreamResponse page =
            client.describeStream(r -> r.streamArn(arn).exclusiveStartShardId(from));
        StreamDescription d = page.streamDescription();
        first = first == null ? d : first;
        shards.addAll(d.shards());
        start = d.lastEvaluatedShardId();
      } while (start != null);
    } catch (ResourceNotFoundException e) {
      return Optional.empty(); // expired or its table deleted
    }
    String pk =
        first.keySchema().stream()
            .filter(k -> k.keyType() == KeyType.HASH)
            .map(k -> k.attributeName())
            .findFirst()
            .orElseThrow(() -> new IllegalStateException("Stream " + arn + " has no HASH key"));
    StreamViewType view =
        first.streamViewTypeAsString() == null
            ? StreamViewType.NEW_AND_OLD_IMAGES
            : StreamViewType.valueOf(first.streamViewTypeAsString());
    String label = first.streamLabel() == null ? "" : first.streamLabel();
    return Optional.of(
        new StreamView(arn, first.tableName(), label, pk, view, List.copyOf(shards)));
  }
}
