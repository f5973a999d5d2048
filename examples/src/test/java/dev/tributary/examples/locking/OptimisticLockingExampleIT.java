package dev.tributary.examples.locking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OptimisticLockingExampleIT {
  @TempDir Path dir;

  @Test
  void shouldLoseNoUpdateAndApplyRetriedCreatesAndTransactionsOnce() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    new OptimisticLockingExample(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run(dir);
    String out = bytes.toString(StandardCharsets.UTF_8);

    // two writers read version 1; exactly one is refused, re-reads version 2 and retries
    assertThat(
            out.lines()
                .filter(
                    l ->
                        l.matches(
                            "  writer-[AB]: read version 1, ConditionalCheckFailedException.*")))
        .hasSize(1);
    assertThat(
            out.lines()
                .filter(
                    l ->
                        l.matches(
                            "  writer-[AB]: read version 2, stock 1[57] -> 22, written as version 3")))
        .hasSize(1);
    assertThat(out)
        .contains("  P-1 now stock=22 version=3")
        // attribute_not_exists: the retried create changes nothing and gets the stored item back
        .contains("  create ORD-1: created\n")
        .contains(
            "  create ORD-1 again: ConditionalCheckFailedException, already there with total=39.98")
        .contains("  create ORD-1 (retry): not created, the first write stands")
        // a transaction retried with its token is applied once
        .contains("  place ORD-2 (3 units), token place-ORD-2: committed, stock=19")
        .contains("  the same request and token again: succeeded without writing again, stock=19")
        .contains("  the same token with 4 units: IdempotentParameterMismatchException")
        .contains(
            "  the same order with a new token: TransactionCanceledException [ConditionalCheckFailed, None],"
                + " stock=19")
        // the Enhanced Client's @DynamoDbVersionAttribute over the wire
        .contains("  putItem new P-9: saved as version 1")
        .contains("  putItem new P-9 again: ConditionalCheckFailedException")
        .contains("  session B: price 249.00 -> 229.00, saved as version 2")
        .contains(
            "  session A: saving version 1: ConditionalCheckFailedException; loading again and retrying")
        .contains("  P-9 now price=239.00 version=3")
        // and the SDK's TransactWriteItems with a ClientRequestToken
        .contains("  reserve R-1 (2 seats), token reserve-R-1: committed, seats left=6")
        .contains(
            "  the same request and token again: succeeded without writing again, seats left=6")
        .contains("  the same token with 5 seats: IdempotentParameterMismatchException");
  }
}
