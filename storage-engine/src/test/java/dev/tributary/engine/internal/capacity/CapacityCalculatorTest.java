package dev.tributary.engine.internal.capacity;

import static dev.tributary.engine.internal.capacity.CapacityCalculator.ABSENT;
import static dev.tributary.engine.internal.capacity.ReadConsistency.EVENTUAL;
import static dev.tributary.engine.internal.capacity.ReadConsistency.STRONG;
import static dev.tributary.engine.internal.capacity.ReadConsistency.TRANSACTIONAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Examples from DynamoDB's developer guide on read and write unit consumption. */
class CapacityCalculatorTest {
  private static final long KB = 1024;

  @Test
  void shouldRoundReadsUpTo4Kb() {
    // "reading a 3,500-byte item consumes the same throughput as reading a 4 KB item"
    assertThat(CapacityCalculator.getItem(3500, STRONG)).isEqualTo(1.0);
    assertThat(CapacityCalculator.getItem(3500, EVENTUAL)).isEqualTo(0.5);
    assertThat(CapacityCalculator.getItem(3500, TRANSACTIONAL)).isEqualTo(2.0);
    // "an item of 8 KB: 2 strongly consistent, 1 eventually consistent, 4 transactional"
    assertThat(CapacityCalculator.getItem(8 * KB, STRONG)).isEqualTo(2.0);
    assertThat(CapacityCalculator.getItem(8 * KB, EVENTUAL)).isEqualTo(1.0);
    assertThat(CapacityCalculator.getItem(8 * KB, TRANSACTIONAL)).isEqualTo(4.0);
    // "a 10 KB item is rounded up to 12 KB"
    assertThat(CapacityCalculator.getItem(10 * KB, STRONG)).isEqualTo(3.0);
    assertThat(CapacityCalculator.getItem(4 * KB + 1, STRONG)).isEqualTo(2.0);
  }

  @Test
  void shouldChargeMinimumForMissingItemAndEmptyQuery() {
    assertThat(CapacityCalculator.getItem(0, EVENTUAL)).isEqualTo(0.5);
    assertThat(CapacityCalculator.getItem(0, STRONG)).isEqualTo(1.0);
    assertThat(CapacityCalculator.query(0, EVENTUAL)).isEqualTo(0.5);
    assertThat(CapacityCalculator.scan(0, STRONG)).isEqualTo(1.0);
  }

  @Test
  void shouldRoundBatchGetPerItemButQueryOncePerRequest() {
    // "BatchGetItem reads a 1.5 KB item and a 6.5 KB item: 12 KB (4 KB + 8 KB), not 8 KB"
    long[] sizes = {1536, 6656};
    assertThat(CapacityCalculator.batchGet(sizes, STRONG)).isEqualTo(3.0);
    assertThat(CapacityCalculator.query(sizes[0] + sizes[1], STRONG)).isEqualTo(2.0);
    assertThat(CapacityCalculator.batchGet(sizes, EVENTUAL)).isEqualTo(1.5);
  }

  @Test
  void shouldRoundWritesUpTo1KbOfTheLargerImage() {
    assertThat(CapacityCalculator.itemWrite(0, 500, false)).isEqualTo(1.0);
    assertThat(CapacityCalculator.itemWrite(0, 3584, false)).isEqualTo(4.0);
    assertThat(CapacityCalculator.itemWrite(0, 3584, true)).isEqualTo(8.0);
    // an update from 1.5 KB to 2.5 KB is charged for the larger image: 3 KB
    assertThat(CapacityCalculator.itemWrite(1536, 2560, false)).isEqualTo(3.0);
    // a shrinking update is charged for the old image
    assertThat(CapacityCalculator.itemWrite(2560, 100, false)).isEqualTo(3.0);
    assertThat(CapacityCalculator.itemWrite(1024, 1024, false)).isEqualTo(1.0);
    assertThat(CapacityCalculator.itemWrite(1025, 0, false)).isEqualTo(2.0);
  }

  @Test
  void shouldChargeOneUnitForDeleteOfMissingItem() {
    assertThat(CapacityCalculator.itemWrite(0, 0, false)).isEqualTo(1.0);
    assertThat(CapacityCalculator.itemWrite(0, 0, true)).isEqualTo(2.0);
  }

  @Test
  void shouldChargeIndexWritesByEntryChange() {
    // no entry before or after: the index is untouched
    assertThat(CapacityCalculator.indexWrite(ABSENT, ABSENT, false, false)).isZero();
    // the item gains the index key: one put
    assertThat(CapacityCalculator.indexWrite(ABSENT, 300, false, false)).isEqualTo(1.0);
    // the item loses the index key: one delete of the old entry
    assertThat(CapacityCalculator.indexWrite(2100, ABSENT, false, false)).isEqualTo(3.0);
    // the index key changes: delete plus put
    assertThat(CapacityCalculator.indexWrite(300, 300, true, false)).isEqualTo(2.0);
    assertThat(CapacityCalculator.indexWrite(1500, 300, true, false)).isEqualTo(3.0);
    // only projected attributes change: one write of the larger entry
    assertThat(CapacityCalculator.indexWrite(300, 1500, false, false)).isEqualTo(2.0);
    assertThat(CapacityCalculator.indexWrite(300, 300, true, true)).isEqualTo(4.0);
  }

  @Test
  void shouldRejectNegativeSizes() {
    assertThatThrownBy(() -> CapacityCalculator.read(-5, STRONG))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CapacityCalculator.indexWrite(-2, 10, false, false))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void shouldReportTableAndIndexesSeparately() {
    ConsumedCapacity c =
        ConsumedCapacity.builder("Orders")
            .addTable(Capacity.write(CapacityCalculator.itemWrite(0, 2000, false)))
            .addGlobalIndex("byCustomer", Capacity.write(1))
            .addGlobalIndex("byCustomer", Capacity.write(1))
            .addLocalIndex("byDate", Capacity.write(2))
            .build();
    assertThat(c.table()).isEqualTo(new Capacity(0, 2));
    assertThat(c.globalSecondaryIndexes()).isEqualTo(Map.of("byCustomer", new Capacity(0, 2)));
    assertThat(c.localSecondaryIndexes()).isEqualTo(Map.of("byDate", new Capacity(0, 2)));
    assertThat(c.capacityUnits()).isEqualTo(6.0);
    assertThat(c.writeCapacityUnits()).isEqualTo(6.0);
    assertThat(c.readCapacityUnits()).isZero();
    // LSIs spend the table's provisioned throughput, GSIs their own
    assertThat(c.provisionedTableUnits()).isEqualTo(new Capacity(0, 4));
  }

  @Test
  void shouldAddCapacityOfTheSameTableOnly() {
    ConsumedCapacity a = ConsumedCapacity.builder("T").addTable(Capacity.read(0.5)).build();
    ConsumedCapacity b =
        ConsumedCapacity.builder("T")
            .addTable(Capacity.read(1.5))
            .addGlobalIndex("g", Capacity.read(0.5))
            .build();
    ConsumedCapacity sum = a.plus(b);
    assertThat(sum.table()).isEqualTo(Capacity.read(2.0));
    assertThat(sum.capacityUnits()).isEqualTo(2.5);
    assertThatThrownBy(() -> a.plus(ConsumedCapacity.builder("U").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("U");
  }
}
