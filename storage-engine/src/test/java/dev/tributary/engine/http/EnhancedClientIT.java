package dev.tributary.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbEnhancedClient;
import software.amazon.awssdk.enhanced.dynamodb.DynamoDbTable;
import software.amazon.awssdk.enhanced.dynamodb.Key;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbSortKey;
import software.amazon.awssdk.enhanced.dynamodb.model.QueryConditional;
import software.amazon.awssdk.enhanced.dynamodb.model.ScanEnhancedRequest;

/** The SDK's enhanced client: createTable, putItem, getItem, query, scan with a bean mapping. */
class EnhancedClientIT extends WireTestBase {

  /** A customer's order, mapped by annotations. */
  @DynamoDbBean
  public static class Order {
    private String customerId;
    private String orderDate;
    private Double total;

    public Order() {}

    Order(String customerId, String orderDate, double total) {
      this.customerId = customerId;
      this.orderDate = orderDate;
      this.total = total;
    }

    @DynamoDbPartitionKey
    public String getCustomerId() {
      return customerId;
    }

    public void setCustomerId(String customerId) {
      this.customerId = customerId;
    }

    @DynamoDbSortKey
    public String getOrderDate() {
      return orderDate;
    }

    public void setOrderDate(String orderDate) {
      this.orderDate = orderDate;
    }

    public Double getTotal() {
      return total;
    }

    public void setTotal(Double total) {
      this.total = total;
    }
  }

  @Test
  void shouldRoundTripBeansThroughTheEnhancedClient() {
    DynamoDbEnhancedClient enhanced =
        DynamoDbEnhancedClient.builder().dynamoDbClient(client).build();
    DynamoDbTable<Order> orders =
        enhanced.table(table("EnhancedOrders"), TableSchema.fromBean(Order.class));
    orders.createTable();
    orders.putItem(new Order("c1", "2025-01-01", 10.5));
    orders.putItem(new Order("c1", "2025-02-01", 20));
    orders.putItem(new Order("c2", "2025-01-15", 5));

    Order got = orders.getItem(Key.builder().partitionValue("c1").sortValue("2025-02-01").build());
    assertThat(got.getTotal()).isEqualTo(20.0);

    List<Order> c1 =
        orders.query(QueryConditional.keyEqualTo(k -> k.partitionValue("c1"))).items().stream()
            .toList();
    assertThat(c1).extracting(Order::getOrderDate).containsExactly("2025-01-01", "2025-02-01");

    List<Order> all =
        orders.scan(ScanEnhancedRequest.builder().limit(1).build()).items().stream().toList();
    assertThat(all).extracting(Order::getCustomerId).containsExactlyInAnyOrder("c1", "c1", "c2");
  }
}
