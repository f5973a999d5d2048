package dev.tributary.engine.http.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.engine.ValidationException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardIteratorsTest {
  private static final String ARN =
      "arn:aws:dynamodb:us-east-1:000000000000:table/Orders/stream/2025-01-15T10:30:00.000";
  @TempDir Path dir;

  private static byte[] key(int fill) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) fill);
    return k;
  }

  @Test
  void shouldRoundTripAPositionAndStartWithTheStreamArn() {
    ShardIterators iterators = new ShardIterators(key(1));
    ShardIterators.Position p = new ShardIterators.Position(ARN, 1234567L, 1736937000123L);
    String it = iterators.encode(p);
    assertThat(it).startsWith(ARN + "|1|").hasSizeLessThan(2048);
    assertThat(iterators.decode(it)).isEqualTo(p);
    assertThat(new ShardIterators(key(1)).decode(it)).isEqualTo(p); // a restart with the same key
  }

  @Test
  void shouldRejectEveryAlterationAndOtherKeys() {
    ShardIterators iterators = new ShardIterators(key(1));
    String it = iterators.encode(new ShardIterators.Position(ARN, 5, 1000));
    for (int i = 0; i < it.length(); i++) {
      char c = it.charAt(i);
      String altered = it.substring(0, i) + (c == 'A' ? 'B' : 'A') + it.substring(i + 1);
      assertThatThrownBy(() -> iterators.decode(altered))
          .as("altered at %d", i)
          .isInstanceOf(ValidationException.class)
          .hasMessage("Invalid ShardIterator");
    }
    assertThatThrownBy(() -> new ShardIterators(key(2)).decode(it))
        .isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> iterators.decode("")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> iterators.decode("|1|")).isInstanceOf(ValidationException.class);
    assertThatThrownBy(() -> new ShardIterators(new byte[16]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldCreateAPrivateKeyFileOnceAndReuseIt() throws Exception {
    Path file = dir.resolve("sub/streams-iterator.key");
    byte[] first = ShardIterators.loadOrCreateKey(file);
    assertThat(first).hasSize(32);
    assertThat(ShardIterators.loadOrCreateKey(file)).isEqualTo(first);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    Files.write(file, new byte[3]);
    assertThatThrownBy(() -> ShardIterators.loadOrCreateKey(file))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("holds 3 bytes");
  }

  @Test
  void shardIdsShouldLookLikeDynamoDbs() {
    String id = StreamCatalog.shardId(ARN, "2025-01-15T10:30:00.000");
    assertThat(id)
        .isEqualTo("shardId-00000001736937000000-" + id.substring(id.length() - 8))
        .hasSizeBetween(28, 65);
    assertThat(StreamCatalog.shardId(ARN.replace("Orders", "Users"), "2025-01-15T10:30:00.000"))
        .isNotEqualTo(id);
  }
}
