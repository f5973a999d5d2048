package dev.tributary.core;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A DynamoDB attribute value: one of {@code S, N, B, BOOL, NULL, M, L, SS, NS, BS}. Instances are
 * immutable and validated as DynamoDB validates them: numbers keep at most 38 significant digits in
 * DynamoDB's range and are stored normalized ({@code 1.50} is {@code 1.5}); sets are non-empty and
 * free of duplicates. Equality is DynamoDB's: {@code N 1.0} equals {@code N 1}, sets ignore order.
 */
public sealed interface AttributeValue
    permits AttributeValue.S,
        AttributeValue.N,
        AttributeValue.B,
        AttributeValue.Bool,
        AttributeValue.Null,
        AttributeValue.M,
        AttributeValue.L,
        AttributeValue.SS,
        AttributeValue.NS,
        AttributeValue.BS {

  /** The type descriptors as DynamoDB spells them on the wire. */
  enum Type {
    S,
    N,
    B,
    BOOL,
    NULL,
    M,
    L,
    SS,
    NS,
    BS;

    /** The wire descriptor, e.g. {@code "BOOL"}. */
    public String descriptor() {
      return name();
    }

    public boolean isScalarKeyType() {
      return this == S || this == N || this == B;
    }

    public boolean isSet() {
      return this == SS || this == NS || this == BS;
    }
  }

  Type type();

  // ---- factories -------------------------------------------------------------------------

  static S s(String value) {
    return new S(value);
  }

  /** A number from its decimal text; rejects what DynamoDB rejects, in DynamoDB's words. */
  static N n(String text) {
    return new N(Numbers.parse(text));
  }

  static N n(long value) {
    return new N(BigDecimal.valueOf(value));
  }

  static N n(BigDecimal value) {
    return new N(value);
  }

  static B b(Bytes value) {
    return new B(value);
  }

  static B b(byte... value) {
    return new B(Bytes.of(value));
  }

  static Bool bool(boolean value) {
    return value ? Bool.TRUE : Bool.FALSE;
  }

  static Null nul() {
    return Null.INSTANCE;
  }

  @SuppressWarnings("unchecked") // safe: M copies the map before anyone can write to it
  static M m(Map<String, ? extends AttributeValue> value) {
    return new M((Map<String, AttributeValue>) value);
  }

  @SuppressWarnings("unchecked") // safe: L copies the list before anyone can write to it
  static L l(List<? extends AttributeValue> value) {
    return new L((List<AttributeValue>) value);
  }

  static L l(AttributeValue... values) {
    return new L(List.of(values));
  }

  /** A string set; a duplicate or an empty collection is rejected as DynamoDB rejects it. */
  static SS ss(Collection<String> values) {
    return new SS(Sets.distinct(values, "string"));
  }

  static SS ss(String... values) {
    return ss(List.of(values));
  }

  static NS ns(Collection<BigDecimal> values) {
    List<BigDecimal> normalized = new ArrayList<>(values.size());
    for (BigDecimal v : values) {
      normalized.add(Numbers.normalize(Objects.requireNonNull(v, "number set element")));
    }
    return new NS(Sets.distinct(normalized, "number"));
  }

  static NS ns(String... texts) {
    List<BigDecimal> values = new ArrayList<>(texts.length);
    for (String t : texts) {
      values.add(Numbers.parse(t));
    }
    return ns(values);
  }

  static BS bs(Collection<Bytes> values) {
    return new BS(Sets.distinct(values, "binary"));
  }

  static BS bs(Bytes... values) {
    return bs(List.of(values));
  }

  // ---- the ten types ---------------------------------------------------------------------

  /** A string. May be empty, except where DynamoDB forbids it (keys). */
  record S(String value) implements AttributeValue {
    public S {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Type type() {
      return Type.S;
    }

    @Override
    public String toString() {
      return "{S: " + value + "}";
    }
  }

  /** A number, held normalized (no trailing zeros) so that equality is numeric. */
  record N(BigDecimal value) implements AttributeValue, Comparable<N> {
    public N {
      value = Numbers.normalize(Objects.requireNonNull(value, "value"));
    }

    /** DynamoDB's text for this number: plain notation, no trailing zeros. */
    public String text() {
      return Numbers.format(value);
    }

    @Override
    public Type type() {
      return Type.N;
    }

    @Override
    public int compareTo(N other) {
      return value.compareTo(other.value);
    }

    @Override
    public String toString() {
      return "{N: " + text() + "}";
    }
  }

  /** A binary value. */
  record B(Bytes value) implements AttributeValue {
    public B {
      Objects.requireNonNull(value, "value");
    }

    @Override
    public Type type() {
      return Type.B;
    }

    @Override
    public String toString() {
      return "{B: " + value + "}";
    }
  }

  /** A boolean. */
  record Bool(boolean value) implements AttributeValue {
    static final Bool TRUE = new Bool(true);
    static final Bool FALSE = new Bool(false);

    @Override
    public Type type() {
      return Type.BOOL;
    }

    @Override
    public String toString() {
      return "{BOOL: " + value + "}";
    }
  }

  /** DynamoDB's NULL: the attribute is present and null. */
  record Null() implements AttributeValue {
    static final Null INSTANCE = new Null();

    @Override
    public Type type() {
      return Type.NULL;
    }

    @Override
    public String toString() {
      return "{NULL: true}";
    }
  }

  /** A map of named attribute values; keeps insertion order for readable output. */
  record M(Map<String, AttributeValue> value) implements AttributeValue {
    public M {
      value = copyMap(value);
    }

    @Override
    public Type type() {
      return Type.M;
    }

    @Override
    public String toString() {
      return "{M: " + value + "}";
    }

    private static Map<String, AttributeValue> copyMap(Map<String, AttributeValue> in) {
      Objects.requireNonNull(in, "value");
      Map<String, AttributeValue> out = new LinkedHashMap<>(Math.max(4, in.size() * 2));
      in.forEach(
          (k, v) ->
              out.put(
                  Objects.requireNonNull(k, "map key"),
                  Objects.requireNonNull(v, () -> "map value of " + k)));
      return Collections.unmodifiableMap(out);
    }
  }

  /** An ordered list of attribute values. */
  record L(List<AttributeValue> value) implements AttributeValue {
    public L {
      value = List.copyOf(Objects.requireNonNull(value, "value"));
    }

    @Override
    public Type type() {
      return Type.L;
    }

    @Override
    public String toString() {
      return "{L: " + value + "}";
    }
  }

  /** A non-empty set of distinct strings. */
  record SS(Set<String> value) implements AttributeValue {
    public SS {
      value = Sets.frozen(value, "string");
    }

    @Override
    public Type type() {
      return Type.SS;
    }

    @Override
    public String toString() {
      return "{SS: " + value + "}";
    }
  }

  /** A non-empty set of distinct numbers, compared numerically. */
  record NS(Set<BigDecimal> value) implements AttributeValue {
    public NS {
      Set<BigDecimal> normalized = new LinkedHashSet<>();
      for (BigDecimal v : Objects.requireNonNull(value, "value")) {
        normalized.add(Numbers.normalize(Objects.requireNonNull(v, "number set element")));
      }
      if (normalized.size() != value.size()) {
        // 1 and 1.0 are one number to DynamoDB: a set holding both holds a duplicate
        throw new InvalidAttributeValueException(
            "One or more parameter values were invalid: Input collection "
                + value
                + " contains duplicates.");
      }
      value = Sets.frozen(normalized, "number");
    }

    /** The members as DynamoDB's number texts. */
    public List<String> texts() {
      List<String> out = new ArrayList<>(value.size());
      for (BigDecimal v : value) {
        out.add(Numbers.format(v));
      }
      return out;
    }

    @Override
    public Type type() {
      return Type.NS;
    }

    @Override
    public String toString() {
      return "{NS: " + texts() + "}";
    }
  }

  /** A non-empty set of distinct binary values. */
  record BS(Set<Bytes> value) implements AttributeValue {
    public BS {
      value = Sets.frozen(value, "binary");
    }

    @Override
    public Type type() {
      return Type.BS;
    }

    @Override
    public String toString() {
      return "{BS: " + value + "}";
    }
  }

  /** Set construction rules shared by SS, NS and BS. */
  final class Sets {
    private Sets() {}

    static <T> Set<T> distinct(Collection<T> values, String kind) {
      Objects.requireNonNull(values, "values");
      Set<T> out = new LinkedHashSet<>();
      for (T v : values) {
        if (!out.add(Objects.requireNonNull(v, () -> kind + " set element"))) {
          // DynamoDB names the type of a binary set, without a space before "of"
          throw new InvalidAttributeValueException(
              "One or more parameter values were invalid: Input collection "
                  + values
                  + (kind.equals("binary") ? "of type BS" : "")
                  + " contains duplicates.");
        }
      }
      return out;
    }

    static <T> Set<T> frozen(Set<T> values, String kind) {
      Objects.requireNonNull(values, "value");
      if (values.isEmpty()) {
        throw new InvalidAttributeValueException(
            kind.equals("binary")
                ? "One or more parameter values were invalid: Binary sets should not be empty"
                : "One or more parameter values were invalid: An "
                    + kind
                    + " set  may not be empty");
      }
      for (T v : values) {
        Objects.requireNonNull(v, () -> kind + " set element");
      }
      return Collections.unmodifiableSet(new LinkedHashSet<>(values));
    }
  }
}
