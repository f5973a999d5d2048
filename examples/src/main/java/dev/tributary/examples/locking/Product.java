package dev.tributary.examples.locking;

import java.math.BigDecimal;
import software.amazon.awssdk.enhanced.dynamodb.extensions.annotations.DynamoDbVersionAttribute;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbBean;
import software.amazon.awssdk.enhanced.dynamodb.mapper.annotations.DynamoDbPartitionKey;

/**
 * A product as the DynamoDB Enhanced Client maps it. {@code @DynamoDbVersionAttribute} makes every
 * save conditional: a new bean is written only if no item has the key yet, a loaded bean only if
 * the stored version is still the one it was loaded with; each save increments the version.
 */
@DynamoDbBean
public class Product {
  private String productId;
  private String name;
  private BigDecimal price;
  private Long version;

  public Product() {}

  Product(String productId, String name, BigDecimal price) {
    this.productId = productId;
    this.name = name;
    this.price = price;
  }

  @DynamoDbPartitionKey
  public String getProductId() {
    return productId;
  }

  public void setProductId(String productId) {
    this.productId = productId;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
  }

  public BigDecimal getPrice() {
    return price;
  }

  public void setPrice(BigDecimal price) {
    this.price = price;
  }

  @DynamoDbVersionAttribute
  public Long getVersion() {
    return version;
  }

  public void setVersion(Long version) {
    this.version = version;
  }
}
