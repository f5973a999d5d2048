package dev.tributary.core.pipeline;

import static dev.tributary.core.AttributeValue.n;
import static dev.tributary.core.AttributeValue.s;
import static dev.tributary.core.AttributeValue.ss;
import static dev.tributary.core.pipeline.ImageConditions.Operator.GT;
import static dev.tributary.core.pipeline.ImageConditions.Operator.LT;
import static dev.tributary.core.pipeline.ImageConditions.path;
import static dev.tributary.core.pipeline.ImageConditions.size;
import static dev.tributary.core.pipeline.ImageConditions.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.Item;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageConditionsTest {
  private static final Map<String, AttributeValue> ORDER =
      Item.builder()
          .s("status", "SHIPPED")
          .n("total", 120)
          .n("limit", 100)
          .put("tags", ss("gift", "red"))
          .build();

  @Test
  void shouldBuildTheTreeImagesAttrBuildsForAnAttributeAgainstValues() {
    ImagePredicate typed = ImageConditions.compare(path("total"), GT, value(n(100)));
    ImagePredicate dsl = Images.attr("total").gt(100);
    assertThat(typed).isEqualTo(dsl).hasToString(dsl.toString());
    assertThat(typed.toString()).startsWith("total > ");
    assertThat(ImageConditions.in(path("status"), List.of(value(s("SHIPPED")))))
        .isEqualTo(Images.attr("status").in(s("SHIPPED")));
    assertThat(ImageConditions.exists("status", false))
        .isEqualTo(Images.attr("status").notExists());
  }

  @Test
  void shouldTakeAnyOperandOnEitherSideAsDynamoDbDoes() {
    assertThat(ImageConditions.compare(path("limit"), LT, path("total")).test(ORDER)).isTrue();
    assertThat(ImageConditions.compare(value(n(200)), LT, path("total")).test(ORDER)).isFalse();
    assertThat(ImageConditions.compare(size("tags"), GT, value(n(1))).test(ORDER)).isTrue();
    assertThat(ImageConditions.compare(size("total"), GT, value(n(0))).test(ORDER))
        .isFalse(); // N has no size
    assertThat(
            ImageConditions.compare(path("missing"), ImageConditions.Operator.NE, value(n(1)))
                .test(ORDER))
        .isTrue();
    assertThat(ImageConditions.between(path("total"), path("limit"), value(n(120))).test(ORDER))
        .isTrue();
    assertThat(ImageConditions.contains(path("tags"), value(s("gift"))).test(ORDER)).isTrue();
    assertThat(ImageConditions.contains(path("status"), value(s("HIP"))).test(ORDER)).isTrue();
    assertThat(ImageConditions.attributeType("tags", value(s("SS"))).test(ORDER)).isTrue();
    assertThat(ImageConditions.attributeType("tags", value(s("L"))).test(ORDER)).isFalse();
    assertThat(ImageConditions.beginsWith(path("status"), value(s("SHIP"))).test(ORDER)).isTrue();
    assertThatThrownBy(() -> ImageConditions.in(path("status"), List.of()))
        .hasMessageContaining("at least one");
  }

  @Test
  void shouldLookAtTheDeliveredImageOfEveryEvent() {
    ImagePredicate shipped = Images.attr("status").eq(s("SHIPPED"));
    Map<String, AttributeValue> pending = Item.builder().s("status", "PENDING").build();
    ChangeEvent modify = TestEvents.on("Orders").pk("PK", "o1").modify(pending, ORDER);
    ChangeEvent remove = TestEvents.on("Orders").pk("PK", "o1").remove(ORDER);
    assertThat(Events.deliveredImage(shipped).test(modify)).isTrue();
    assertThat(Events.deliveredImage(shipped).test(remove)).isTrue(); // the old image of a REMOVE
    assertThat(Events.newImage(shipped).test(remove)).isFalse();
  }
}
