package dev.tributary.connectors.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import software.amazon.awssdk.services.dynamodb.model.Shard;

/**
 * Which shards of a stream may be read now: a child shard only once its parent is fully read (so a
 * key's changes stay in order across a split), or when the parent is no longer listed (trimmed away
 * after 24 hours; nothing is left to read in it).
 */
public final class ShardLineage {
  private ShardLineage() {}

  /** The shards not yet finished whose parent is finished or gone, in listing order. */
  public static List<Shard> readable(List<Shard> shards, Predicate<String> finished) {
    Set<String> listed = new HashSet<>();
    shards.forEach(s -> listed.add(s.shardId()));
    List<Shard> out = new ArrayList<>();
    for (Shard s : shards) {
      if (finished.test(s.shardId())) {
        continue;
      }
      String parent = s.parentShardId();
      if (parent == null || !listed.contains(parent) || finished.test(parent)) {
        out.add(s);
      }
    }
    return out;
  }
}
