package dev.tributary.connectors.internal;

import java.util.Optional;

/**
 * The source's position in one shard: the committed checkpoint, and the shard iterator for what
 * follows it (held in memory only; recreated from the checkpoint after any failure).
 */
final class ShardCursor {
  final String key;
  final String shardId;
  StreamDirectory.StreamView stream;
  volatile ShardCheckpoint checkpoint;
  Optional<String> iterator = Optional.empty();
  boolean fromTrimHorizon;

  ShardCursor(
      String key, String shardId, StreamDirectory.StreamView stream, ShardCheckpoint checkpoint) {
    this.key = key;
    this.shardId = shardId;
    this.stream = stream;
    this.checkpoint = checkpoint;
  }
}
