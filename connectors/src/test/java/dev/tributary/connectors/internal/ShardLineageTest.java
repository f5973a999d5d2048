package dev.tributary.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.Shard;

class ShardLineageTest {
  private static Shard shard(String id, String parent) {
    return Shard.builder().shardId(id).parentShardId(parent).build();
  }

  private static List<String> readable(List<Shard> shards, Set<String> finished) {
    return ShardLineage.readable(shards, finished::contains).stream().map(Shard::shardId).toList();
  }

  @Test
  void shouldHoldBackChildrenUntilTheirParentIsFullyRead() {
    List<Shard> shards =
        List.of(shard("p", null), shard("c1", "p"), shard("c2", "p"), shard("g", "c1"));
    assertThat(readable(shards, Set.of())).containsExactly("p");
    assertThat(readable(shards, Set.of("p"))).containsExactly("c1", "c2");
    assertThat(readable(shards, Set.of("p", "c1"))).containsExactly("c2", "g");
    assertThat(readable(shards, Set.of("p", "c1", "c2", "g"))).isEmpty();
  }

  @Test
  void shouldReadAShardWhoseParentIsNoLongerListed() {
    assertThat(readable(List.of(shard("c", "expired-parent")), Set.of())).containsExactly("c");
  }
}
