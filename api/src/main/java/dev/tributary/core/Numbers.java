package dev.tributary.core;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    if (text.isEmpty()) {
      throw new InvalidAttributeValueException(
          "The parameter cannot be converted to a numeric value");
    }
    checkWrittenExponent(text);
    BigDecimal value;
    try {
      // as DynamoDB: no surrounding spaces, no NaN or Infinity
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw new InvalidAttributeValueException(
          "The parameter cannot be converted to a numeric value: " + text);
    }
    return normalize(value);
  }

  private static final Pattern WITH_EXPONENT =
      Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)[eE]([+-]?\\d+)");

  /**
   * DynamoDB reads an exponent in full before its range checks: one past a 64-bit integer cannot be
   * converted, one past a 32-bit integer (which BigDecimal refuses) overflows or underflows, and
   * zero is range-checked by the exponent it is written with ({@code 0e126} overflows).
   */
  private static void checkWrittenExponent(String text) {
    Matcher m = WITH_EXPONENT.matcher(text);
    if (!m.matches()) {
      return;
    }
    BigInteger exponent = new BigInteger(m.group(2));
    if (exponent.bitLength() > 63) {
      throw new InvalidAttributeValueException(
          "The parameter cannot be converted to a numeric value");
    }
    boolean zero = m.group(1).chars().allMatch(c -> c == '0' || c == '.');
    boolean huge = exponent.bitLength() > 31;
    if (zero || huge) {
      long e = exponent.longValue();
      if (e > (zero ? MAX_EXPONENT : Integer.MAX_VALUE)) {
        throw new InvalidAttributeValueException(
            "Number overflow. Attempting to store a number with magnitude larger than supported"
                + " range");
      }
      if (e < (zero ? MIN_EXPONENT : Integer.MIN_VALUE)) {
        throw new InvalidAttributeValueException(
            "Number underflow. Attempting to store a number with magnitude smaller than supported"
                + " range");
      }
    }
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
