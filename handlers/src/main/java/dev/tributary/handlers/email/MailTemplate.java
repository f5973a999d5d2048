package dev.tributary.handlers.email;

import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import com.github.mustachejava.MustacheException;
import com.github.mustachejava.reflect.ReflectionObjectHandler;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.util.Map;

/**
 * A Mustache template compiled once and rendered per event. HTML bodies escape values; plain text
 * bodies and subjects print them as they are (escaping {@code &} in a text mail would garble it).
 * Decimal numbers print in plain notation, never {@code 1E-7}.
 */
final class MailTemplate {
  private final String name;
  private final Mustache mustache;

  private MailTemplate(String name, Mustache mustache) {
    this.name = name;
    this.mustache = mustache;
  }

  /** Compiles {@code source}; a syntax error is an IllegalArgumentException naming the template. */
  static MailTemplate compile(String name, String source, boolean escapeHtml) {
    DefaultMustacheFactory factory = escapeHtml ? new DefaultMustacheFactory() : new RawFactory();
    factory.setObjectHandler(new PlainNumbers());
    try {
      return new MailTemplate(name, factory.compile(new StringReader(source), name));
    } catch (MustacheException e) {
      throw new IllegalArgumentException(name + " template does not compile: " + e.getMessage(), e);
    }
  }

  String render(Map<String, Object> scope) {
    StringWriter out = new StringWriter(256);
    try {
      mustache.execute(out, scope).flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  String name() {
    return name;
  }

  /** Writes values unescaped. */
  private static final class RawFactory extends DefaultMustacheFactory {
    @Override
    public void encode(String value, Writer writer) {
      try {
        writer.write(value);
      } catch (IOException e) {
        throw new MustacheException("Failed to write " + value, e);
      }
    }
  }

  private static final class PlainNumbers extends ReflectionObjectHandler {
    @Override
    public String stringify(Object object) {
      return object instanceof BigDecimal d ? d.toPlainString() : super.stringify(object);
    }
  }
}
