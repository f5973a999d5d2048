package dev.tributary.engine.expression.internal;

/** The five expression parameters; the name prefixes every error DynamoDB reports about one. */
public enum ExpressionKind {
  CONDITION("ConditionExpression"),
  FILTER("FilterExpression"),
  KEY_CONDITION("KeyConditionExpression"),
  UPDATE("UpdateExpression"),
  PROJECTION("ProjectionExpression");

  private final String parameter;

  ExpressionKind(String parameter) {
    this.parameter = parameter;
  }

  public String parameter() {
    return parameter;
  }

  /** {@code "Invalid ConditionExpression: "}. */
  public String errorPrefix() {
    return "Invalid " + parameter + ": ";
  }
}
