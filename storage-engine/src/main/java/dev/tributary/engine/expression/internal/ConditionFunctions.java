package dev.tributary.engine.expression.internal;

/** The function names of DynamoDB's expression language (case-sensitive, as DynamoDB's are). */
final class ConditionFunctions {
  private ConditionFunctions() {}

  /** Functions that are conditions in their own right. */
  static boolean isCondition(String name) {
    switch (name) {
      case "attribute_exists":
      case "attribute_not_exists":
      case "attribute_type":
      case "begins_with":
      case "contains":
        return true;
      default:
        return false;
    }
  }

  /** Functions that yield a value inside a SET action. */
  static boolean isUpdate(String name) {
    return name.equals("if_not_exists") || name.equals("list_append");
  }

  static boolean isKnown(String name) {
    return isCondition(name) || isUpdate(name) || name.equals("size");
  }
}
