package dev.tributary.core.pipeline;

import static dev.tributary.core.AttributeValue.b;
import static dev.tributary.core.AttributeValue.m;
import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.nul;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.pipeline.Events.changed;
import static dev.tributary.core.pipeline.Events.newImage;
import static dev.tributary.core.pipeline.Events.oldImage;
import static dev.tributary.core.pipeline.Events.transition;
import static dev.tributary.core.pipeline.Events.transitionTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.EventName;
import dev.tributary.core.Item;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EventFiltersTest {
  private static final Map<String, AttributeValue> PENDING =
      Item.builder()
          .s("status", "PENDING")
          .n("total", "99.50")
          .s("name", "\uD83D\uDE00")
          .m("address", Map.of("city", s("Lyon"), "zip", n(69001)))
          .l("lines", List.of(m(Map.of("sku", s("SKU-1")))))
          .put("blob", b((byte) 1, (byte) 2, (byte) 3))
          .put("gone", nul())
          .build();
  private static final Map<String, AttributeValue> SHIPPED =
      Item.builder().s("status", "SHIPPED").n("total", 100).build();

  private final ChangeEvent insert =
      TestEvents.on("Orders").pk("PK", "USER#1").sk("SK", "ORDER#7").insert(PENDING);
  private final ChangeEvent modify =
      TestEvents.on("Orders").pk("PK", "USER#1").sk("SK", "ORDER#7").modify(PENDING, SHIPPED);
  private final ChangeEvent remove =
      TestEvents.on("Orders").pk("PK", "USER#1").sk("SK", "ORDER#7").remove(SHIPPED);

  @Test
  void shouldFilterOnEventName() {
    assertThat(Events.inserts().test(insert)).isTrue();
    assertThat(Events.inserts().test(modify)).isFalse();
    assertThat(Events.modifies().test(modify)).isTrue();
    assertThat(Events.removes().test(remove)).isTrue();
    assertThat(Events.removes().test(insert)).isFalse();
    assertThat(Events.eventName(EventName.INSERT, EventName.REMOVE).test(remove)).isTrue();
    assertThat(Events.eventName(EventName.INSERT, EventName.REMOVE).test(modify)).isFalse();
    assertThat(Routes.onUpsert().test(modify)).isTrue();
    assertThat(Routes.onUpsert().test(remove)).isFalse();
  }

  @Test
  void shouldFilterOnTheTableNamedInTheEventSourceArn() {
    assertThat(Events.table("Orders").test(insert)).isTrue();
    assertThat(Events.table("Users", "Orders").test(insert)).isTrue();
    assertThat(Events.table("Order").test(insert)).isFalse();
    assertThatThrownBy(() -> Events.table("bad name"))
        .hasMessage("table name 'bad name' must be 1-100 characters of [a-zA-Z0-9._-]");
  }

  @Test
  void shouldFilterOnKeysForSingleTableEntityTypes() {
    assertThat(Events.partitionKeyBeginsWith("PK", "USER#").test(insert)).isTrue();
    assertThat(Events.partitionKeyBeginsWith("PK", "PRODUCT#").test(insert)).isFalse();
    assertThat(Events.sortKeyBeginsWith("SK", "ORDER#").test(remove)).isTrue();
    assertThat(Events.sortKeyBeginsWith("SK", "PROFILE").test(remove)).isFalse();
    assertThat(Events.sortKeyBeginsWith("missing", "ORDER#").test(remove)).isFalse();
    assertThat(Events.keyEquals("PK", s("USER#1")).test(modify)).isTrue();
    assertThat(Events.keyEquals("PK", s("USER#2")).test(modify)).isFalse();
    assertThat(Events.key("SK").between(s("ORDER#0"), s("ORDER#9")).test(modify)).isTrue();
    assertThatThrownBy(() -> Events.sortKeyBeginsWith("a.b", "x"))
        .hasMessage("sort key attribute 'a.b' must be a top-level name");
  }

  @Test
  void shouldCompareImageAttributesAsDynamoDbConditionsDo() {
    assertThat(newImage("status").eq(s("PENDING")).test(insert)).isTrue();
    assertThat(newImage("status").eq(s("SHIPPED")).test(insert)).isFalse();
    assertThat(newImage("total").eq(n("99.5")).test(insert)).isTrue(); // numeric equality
    assertThat(newImage("status").ne(s("SHIPPED")).test(insert)).isTrue();
    assertThat(newImage("missing").ne(s("x")).test(insert)).isTrue();
    assertThat(newImage("total").gt(99).test(insert)).isTrue();
    assertThat(newImage("total").gt(100).test(insert)).isFalse();
    assertThat(newImage("total").ge(n("99.5")).test(insert)).isTrue();
    assertThat(newImage("total").lt(100).test(insert)).isTrue();
    assertThat(newImage("total").le(99).test(insert)).isFalse();
    assertThat(newImage("status").gt(n(1)).test(insert)).isFalse(); // S vs N: not ordered
    // DynamoDB orders by UTF-8 bytes (code points): U+1F600 sorts after U+FFFD, unlike in UTF-16.
    assertThat(newImage("name").gt(s("\uFFFD")).test(insert)).isTrue();
    assertThat(newImage("blob").beginsWith(b((byte) 1, (byte) 2)).test(insert)).isTrue();
    assertThat(newImage("total").between(n(90), n(100)).test(insert)).isTrue();
    assertThat(newImage("total").between(n(100), n(200)).test(insert)).isFalse();
    assertThat(newImage("status").in(s("NEW"), s("PENDING")).test(insert)).isTrue();
    assertThat(newImage("status").in(s("NEW"), s("PAID")).test(insert)).isFalse();
    assertThat(newImage("status").beginsWith("PEND").test(insert)).isTrue();
    assertThat(newImage("gone").exists().test(insert)).isTrue(); // NULL is present
    assertThat(newImage("missing").exists().test(insert)).isFalse();
    assertThat(newImage("missing").notExists().test(insert)).isTrue();
  }

  @Test
  void shouldFollowNestedPathsIntoMapsAndLists() {
    assertThat(newImage("address.city").eq(s("Lyon")).test(insert)).isTrue();
    assertThat(newImage("address.zip").ge(69000).test(insert)).isTrue();
    assertThat(newImage("address.country").exists().test(insert)).isFalse();
    assertThat(newImage("lines[0].sku").eq(s("SKU-1")).test(insert)).isTrue();
    assertThat(newImage("lines[1].sku").exists().test(insert)).isFalse();
    assertThat(newImage("status.inner").exists().test(insert)).isFalse(); // S has no members
    assertThatThrownBy(() -> newImage("a..b"))
        .hasMessage("attribute path 'a..b' has an empty attribute name");
    assertThatThrownBy(() -> newImage("a[x]"))
        .hasMessage("attribute path 'a[x]' has a list index that is not a non-negative integer");
    assertThatThrownBy(() -> newImage("a[1"))
        .hasMessage("attribute path 'a[1' has an unclosed '['");
  }

  @Test
  void shouldLookAtTheRequestedImageOnly() {
    assertThat(oldImage("status").eq(s("PENDING")).test(modify)).isTrue();
    assertThat(newImage("status").eq(s("PENDING")).test(modify)).isFalse();
    assertThat(oldImage("status").exists().test(insert)).isFalse(); // INSERT has no old image
    assertThat(newImage("status").notExists().test(remove)).isFalse(); // nor REMOVE a new one
    ImagePredicate pending = Images.attr("status").eq(s("PENDING"));
    assertThat(Events.oldImage(pending).and(Events.newImage(pending.negate())).test(modify))
        .isTrue();
  }

  @Test
  void shouldComposeWithAndOrNegate() {
    EventPredicate big = newImage("total").ge(100);
    EventPredicate shipped = newImage("status").eq(s("SHIPPED"));
    assertThat(big.and(shipped).test(modify)).isTrue();
    assertThat(big.and(shipped).test(insert)).isFalse();
    assertThat(big.or(Events.inserts()).test(insert)).isTrue();
    assertThat(big.negate().test(insert)).isTrue();
    assertThat(big.negate().negate().test(insert)).isFalse();
    assertThat(Events.allOf().test(insert)).isTrue();
    assertThat(Events.anyOf(Events.removes(), Events.modifies()).test(insert)).isFalse();
    ImagePredicate either = Images.attr("status").eq(s("A")).or(Images.attr("total").gt(50));
    assertThat(either.test(PENDING)).isTrue();
    assertThat(either.and(Images.attr("name").exists()).test(SHIPPED)).isFalse();
  }

  @Test
  void shouldDetectChangedAttributes() {
    assertThat(changed("status").test(modify)).isTrue();
    assertThat(changed("status").test(insert)).isTrue();
    assertThat(changed("status").test(remove)).isTrue();
    assertThat(changed("address").test(remove)).isFalse(); // the old image lacks it
    assertThat(changed("address.city").test(modify)).isTrue(); // removed by the change
    ChangeEvent sameStatus =
        TestEvents.on("Orders")
            .modify(SHIPPED, Item.builder().s("status", "SHIPPED").n("total", "100.0").build());
    assertThat(changed("status").test(sameStatus)).isFalse();
    assertThat(changed("total").test(sameStatus)).isFalse(); // 100 and 100.0 are one number
    assertThat(Events.changedAny("note", "status").test(modify)).isTrue();
  }

  @Test
  void shouldDetectTransitions() {
    assertThat(transition("status", s("PENDING"), s("SHIPPED")).test(modify)).isTrue();
    assertThat(transition("status", s("NEW"), s("SHIPPED")).test(modify)).isFalse();
    assertThat(transition("status", s("SHIPPED"), s("PENDING")).test(modify)).isFalse();
    assertThat(transition("status", s("PENDING"), s("SHIPPED")).test(insert)).isFalse();
    assertThat(transitionTo("status", s("SHIPPED")).test(modify)).isTrue();
    assertThat(transitionTo("status", s("PENDING")).test(insert)).isTrue();
    assertThat(transitionTo("status", s("SHIPPED")).test(remove)).isFalse();
    ChangeEvent stillShipped = TestEvents.on("Orders").modify(SHIPPED, SHIPPED);
    assertThat(transitionTo("status", s("SHIPPED")).test(stillShipped)).isFalse();
    assertThatThrownBy(() -> transition("status", s("A"), s("A")))
        .hasMessage("transition on 'status' from {S: A} to the same value never happens");
  }

  @Test
  void shouldRecogniseSnapshotsAndTtlExpiries() {
    assertThat(Events.snapshots().test(TestEvents.on("Orders").snapshot().insert(PENDING)))
        .isTrue();
    assertThat(Events.snapshots().test(insert)).isFalse();
    assertThat(Events.ttlExpiries().test(TestEvents.on("Orders").ttl().remove(PENDING))).isTrue();
    assertThat(Events.ttlExpiries().test(remove)).isFalse();
  }

  @Test
  void shouldRejectBadConditionValuesAtOnce() {
    assertThatThrownBy(() -> newImage("tags").gt(AttributeValue.ss("a")))
        .hasMessage("gt on 'tags' needs an N, S or B value, was {SS: [a]}");
    assertThatThrownBy(() -> newImage("n").between(n(1), s("2")))
        .hasMessage("between on 'n': bounds {N: 1} and {S: 2} have different types");
    assertThatThrownBy(() -> newImage("n").in()).hasMessage("in on 'n' needs at least one value");
    assertThatThrownBy(() -> newImage("n").beginsWith(n(1)))
        .hasMessage("begins_with on 'n' needs an S or B prefix, was {N: 1}");
    assertThatThrownBy(() -> newImage((String) null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Events.anyOf()).hasMessage("anyOf needs at least one predicate");
  }

  @Test
  void shouldPrintPredicatesReadably() {
    EventPredicate p =
        Events.sortKeyBeginsWith("SK", "ORDER#")
            .and(newImage("total").gt(100).or(transition("status", s("PENDING"), s("SHIPPED"))))
            .and(changed("status").negate());
    assertThat(p.toString())
        .isEqualTo(
            "((sort key begins_with(SK, {S: ORDER#}) AND (newImage.total > {N: 100} OR "
                + "transition(status, {S: PENDING} -> {S: SHIPPED}))) AND NOT changed(status))");
    assertThat(Images.attr("status").in(s("A"), s("B")).toString())
        .isEqualTo("status IN ({S: A}, {S: B})");
    assertThat(Events.matching("vip customer", e -> true).toString()).isEqualTo("vip customer");
  }
}
