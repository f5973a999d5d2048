package dev.tributary.engine.expression;

/** The operators a KeyConditionExpression allows. */
public enum KeyOperator {
  EQ(1),
  LT(1),
  LE(1),
  GT(1),
  GE(1),
  BETWEEN(2),
  BEGINS_WITH(1);

  private final int arity;

  KeyOperator(int arity) {
    this.arity = arity;
  }

  /** How many values the operator takes. */
  public int arity() {
    return arity;
  }
}
