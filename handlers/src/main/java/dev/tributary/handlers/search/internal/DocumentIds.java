package dev.tributary.handlers.search.internal;

import dev.tributary.core.AttributeValue;
import dev.tributary.core.BadRecordException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Document ids from an item's key attributes, the same for every event of the item.
 *
 * <p>The canonical form takes the key attributes in name order, renders each (S as is, N as
 * DynamoDB's number text, B as URL-safe base64), escapes {@code \} and {@code |} in the text and
 * joins them with {@code |}: distinct keys give distinct ids, and the id reads like the key. A
 * template ({@code {customerId}#{orderDate}}) substitutes raw renderings; its author picks a
 * separator that the keys never contain. An id longer than OpenSearch's 512 bytes becomes {@code ~}
 * and the URL-safe base64 SHA-256 of the long form.
 */
public final class DocumentIds {
  static final int MAX_ID_BYTES = 512;

  /** Literal text and key names, alternating as they appear; null when canonical. */
  private final List<Part> parts;

  private record Part(String text, boolean placeholder) {}

  private DocumentIds(List<Part> parts) {
    this.parts = parts;
  }

  public static DocumentIds canonical() {
    return new DocumentIds(null);
  }

  /**
   * A template with {@code {keyName}} placeholders; rejects a template without placeholders, an
   * empty or unclosed placeholder and stray braces, naming the template.
   */
  public static DocumentIds template(String template) {
    Objects.requireNonNull(template, "template");
    List<Part> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '{') {
        int close = template.indexOf('}', i + 1);
        if (close < 0) {
          throw new IllegalArgumentException(
              "id template '" + template + "' has an unclosed '{' at " + i);
        }
        String name = template.substring(i + 1, close);
        if (name.isEmpty() || name.indexOf('{') >= 0) {
          throw new IllegalArgumentException(
              "id template '" + template + "' has an empty or nested placeholder at " + i);
        }
        if (literal.length() > 0) {
          parts.add(new Part(literal.toString(), false));
          literal.setLength(0);
        }
        parts.add(new Part(name, true));
        i = close + 1;
      } else if (c == '}') {
        throw new IllegalArgumentException(
            "id template '" + template + "' has a stray '}' at " + i);
      } else {
        literal.append(c);
        i++;
      }
    }
    if (literal.length() > 0) {
      parts.add(new Part(literal.toString(), false));
    }
    if (parts.stream().noneMatch(Part::placeholder)) {
      throw new IllegalArgumentException(
          "id template '"
              + template
              + "' names no key attribute; every item would share one document");
    }
    return new DocumentIds(List.copyOf(parts));
  }

  /** The id of the item with these keys; a key the template cannot express is a bad record. */
  public String idOf(Map<String, AttributeValue> keys) {
    Objects.requireNonNull(keys, "keys");
    if (keys.isEmpty()) {
      throw new BadRecordException("A change event without Keys has no document id");
    }
    String id = parts == null ? canonicalForm(keys) : templateForm(keys);
    if (id.isEmpty()) {
      throw new BadRecordException("The keys " + keys + " give an empty document id");
    }
    return id.getBytes(StandardCharsets.UTF_8).length <= MAX_ID_BYTES ? id : hashed(id);
  }

  private static String canonicalForm(Map<String, AttributeValue> keys) {
    StringBuilder out = new StringBuilder();
    for (Map.Entry<String, AttributeValue> e : new TreeMap<>(keys).entrySet()) {
      if (out.length() > 0) {
        out.append('|');
      }
      String text = render(e.getKey(), e.getValue());
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (c == '|' || c == '\\') {
          out.append('\\');
        }
        out.append(c);
      }
    }
    return out.toString();
  }

  private String templateForm(Map<String, AttributeValue> keys) {
    Set<String> unused = new LinkedHashSet<>(keys.keySet());
    StringBuilder out = new StringBuilder();
    for (Part p : parts) {
      if (!p.placeholder()) {
        out.append(p.text());
        continue;
      }
      AttributeValue v = keys.get(p.text());
      if (v == null) {
        throw new BadRecordException(
            "The id template names '"
                + p.text()
                + "', which is not among the keys "
                + keys.keySet());
      }
      unused.remove(p.text());
      out.append(render(p.text(), v));
    }
    if (!unused.isEmpty()) {
      throw new BadRecordException(
          "The id template does not use the key attribute(s) "
              + unused
              + "; distinct items would share a document");
    }
    return out.toString();
  }

  private static String render(String name, AttributeValue v) {
    if (v instanceof AttributeValue.S s) {
      return s.value();
    } else if (v instanceof AttributeValue.N n) {
      return n.text();
    } else if (v instanceof AttributeValue.B b) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(b.value().toArray());
    }
    throw new BadRecordException(
        "Key attribute '" + name + "' is of type " + v.type() + "; keys are S, N or B");
  }

  private static String hashed(String longForm) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(longForm.getBytes(StandardCharsets.UTF_8));
      return "~" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
