package dev.tributary.worker.config.internal;

import dev.tributary.core.ConfigKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A map in the worker's YAML, declared once: its name, one line of doc and its members, each a
 * {@link ConfigKey} or a nested section, in the order messages list them. A section is one map
 * ({@code worker.http}), a list of maps ({@code sources[]}) or a map of named maps ({@code
 * handlers.<name>}). A list whose maps differ by their {@code type} has {@link #variants()}.
 */
public final class ConfigSection {
  /** How the section's maps appear under its name. */
  public enum Shape {
    MAP,
    LIST,
    NAMED
  }

  private final String name;
  private final String doc;
  private final Shape shape;
  private final List<Object> members;
  private final List<String> types;
  private final List<ConfigSection> variants;

  private ConfigSection(
      String name,
      String doc,
      Shape shape,
      List<Object> members,
      List<String> types,
      List<ConfigSection> variants) {
    this.name = Objects.requireNonNull(name, "name");
    this.doc = Objects.requireNonNull(doc, "doc");
    this.shape = shape;
    for (Object m : members) {
      if (!(m instanceof ConfigKey<?> || m instanceof ConfigSection)) {
        throw new IllegalArgumentException("a member is a ConfigKey or a ConfigSection, was " + m);
      }
    }
    this.members = List.copyOf(members);
    this.types = List.copyOf(types);
    this.variants = List.copyOf(variants);
  }

  public static ConfigSection map(String name, String doc, Object... members) {
    return new ConfigSection(name, doc, Shape.MAP, List.of(members), List.of(), List.of());
  }

  public static ConfigSection list(String name, String doc, Object... members) {
    return new ConfigSection(name, doc, Shape.LIST, List.of(members), List.of(), List.of());
  }

  public static ConfigSection named(String name, String doc, Object... members) {
    return new ConfigSection(name, doc, Shape.NAMED, List.of(members), List.of(), List.of());
  }

  /**
   * The maps of a list whose {@code type:} entry is one of {@code types}; {@code members} are all
   * their keys.
   */
  public static ConfigSection variant(List<String> types, String doc, Object... members) {
    return new ConfigSection(
        String.join(" / ", types), doc, Shape.MAP, List.of(members), types, List.of());
  }

  /** This list's maps told apart by their type; its own members are the keys they all have. */
  public ConfigSection withVariants(ConfigSection... variants) {
    return new ConfigSection(name, doc, shape, members, types, List.of(variants));
  }

  public String name() {
    return name;
  }

  public String doc() {
    return doc;
  }

  public Shape shape() {
    return shape;
  }

  /** Each a {@link ConfigKey} or a {@link ConfigSection}. */
  public List<Object> members() {
    return members;
  }

  /** The {@code type} values of a variant; empty otherwise. */
  public List<String> types() {
    return types;
  }

  public List<ConfigSection> variants() {
    return variants;
  }

  /** The variant for {@code type}. */
  public Optional<ConfigSection> variant(String type) {
    return variants.stream().filter(v -> v.types.contains(type)).findFirst();
  }

  /** The names of the members, in order: what {@link Node#allowOnly(ConfigSection)} accepts. */
  public String[] keyNames() {
    List<String> out = new ArrayList<>();
    for (Object m : members) {
      out.add(m instanceof ConfigKey<?> k ? k.name() : ((ConfigSection) m).name());
    }
    return out.toArray(String[]::new);
  }

  @Override
  public String toString() {
    return name;
  }
}
