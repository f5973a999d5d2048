package dev.tributary.core.internal;

import dev.tributary.core.InvalidAttributeValueException;
import java.math.BigDecimal;

/** DynamoDB's number rules: 38 significant digits, magnitudes from 1E-130 to under 1E+126. */
public final class Numbers {
  public static final int MAX_DIGITS = 38;
  /** Largest decimal exponent of the leading digit: 9.99..E+125. */
  public static final int MAX_EXPONENT = 125;
  /** Smallest decimal exponent of the leading digit: 1E-130. */
  public static final int MIN_EXPONENT = -130;

  private Numbers() {}

  public static BigDecimal parse(String text) {
    if (text == null) {
      throw new InvalidAttributeValueException(
          "One or more parameter values were invalid: A number value may not be null");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text.strip());
    } catch (NumberFormatException e) {
      throw new InvalidAttributeValueException(
          "A value provided cannot be converted into a number");
    }
    if (text.strip().isEmpty()) {
      throw new InvalidAttributeValueException(
          "A value provided cannot be converted into a number");
    }
    return normalize(value);
  }

  /** Strips trailing zeros and checks DynamoDB's precision and range. */
  public static BigDecimal normalize(BigDecimal value) {
    if (value.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal n = value.stripTrailingZeros();
    if (n.precision() > MAX_DIGITS) {
      throw new InvalidAttributeValueException(
          "Attempting to store more than 38 significant digits in a Number");
    }
    int exponent = exponentOf(n);
    if (exponent > MAX_EXPONENT) {
      throw new InvalidAttributeValueException(
          "Number overflow. Attempting to store a number with magnitude larger than supported"
              + " range");
    }
    if (exponent < MIN_EXPONENT) {
      throw new InvalidAttributeValueException(
          "Number underflow. Attempting to store a number with magnitude smaller than supported"
              + " range");
    }
    return n;
  }

  /** The decimal exponent of the leading digit: 123.4 is 1.234E+2, so 2. Zero has none. */
  public static int exponentOf(BigDecimal nonZero) {
    return nonZero.precision() - nonZero.scale() - 1;
  }

  /** DynamoDB's text for a number: plain notation, no trailing zeros, no exponent. */
  public static String format(BigDecimal value) {
    return value.signum() == 0 ? "0" : value.stripTrailingZeros().toPlainString();
  }
}
