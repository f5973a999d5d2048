package dev.tributary.connectors.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;

class SourcePositionsProperties {
  private static final Schema PG =
      SchemaBuilder.struct()
          .field("lsn", Schema.OPTIONAL_INT64_SCHEMA)
          .field("sequence", Schema.OPTIONAL_STRING_SCHEMA)
          .build();
  private static final Schema BINLOG =
      SchemaBuilder.struct()
          .field("file", Schema.STRING_SCHEMA)
          .field("pos", Schema.INT64_SCHEMA)
          .field("row", Schema.INT32_SCHEMA)
          .build();

  @Property
  void postgresSequenceTextOrderIsCommitThenChangeOrder(
      @ForAll @LongRange(min = 0) long commitA,
      @ForAll @LongRange(min = 0) long lsnA,
      @ForAll @LongRange(min = 0) long commitB,
      @ForAll @LongRange(min = 0) long lsnB) {
    String a = SourcePositions.format(SourcePositions.postgres(pg(commitA, lsnA)), false);
    String b = SourcePositions.format(SourcePositions.postgres(pg(commitB, lsnB)), false);
    int expected = commitA != commitB ? Long.compare(commitA, commitB) : Long.compare(lsnA, lsnB);
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
    assertThat(a).hasSize(SourcePositions.WIDTH).containsOnlyDigits();
  }

  @Property
  void binlogSequenceOrdersByFileThenPositionThenRow(
      @ForAll @IntRange(min = 1, max = 999_999) int fileA,
      @ForAll @LongRange(min = 0, max = 1L << 40) long posA,
      @ForAll @IntRange(min = 0) int rowA,
      @ForAll @IntRange(min = 1, max = 999_999) int fileB,
      @ForAll @LongRange(min = 0, max = 1L << 40) long posB,
      @ForAll @IntRange(min = 0) int rowB) {
    String a = SourcePositions.format(SourcePositions.binlog(binlog(fileA, posA, rowA)), false);
    String b = SourcePositions.format(SourcePositions.binlog(binlog(fileB, posB, rowB)), false);
    int expected =
        fileA != fileB
            ? Integer.compare(fileA, fileB)
            : posA != posB ? Long.compare(posA, posB) : Integer.compare(rowA, rowB);
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(expected));
  }

  @Property
  void theInsertHalfOfAKeyChangeFollowsItsRemoveAndPrecedesTheNextChange(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE - 1) long lsn) {
    BigInteger here = SourcePositions.postgres(pg(7, lsn));
    BigInteger next = SourcePositions.postgres(pg(7, lsn + 1));
    String remove = SourcePositions.format(here, false);
    String insert = SourcePositions.format(here, true);
    assertThat(remove).isLessThan(insert);
    assertThat(insert).isLessThan(SourcePositions.format(next, false));
  }

  private static Struct pg(long commit, long lsn) {
    return new Struct(PG).put("lsn", lsn).put("sequence", "[\"" + commit + "\",\"" + lsn + "\"]");
  }

  private static Struct binlog(int file, long pos, int row) {
    return new Struct(BINLOG)
        .put("file", String.format("mariadb-bin.%06d", file))
        .put("pos", pos)
        .put("row", row);
  }
}
