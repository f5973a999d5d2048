package dev.tributary.worker.config.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A YAML document as a Jackson tree plus the line and column of every key and array element, found
 * by one pass of the streaming parser: Jackson's trees do not keep locations, and errors must name
 * the line.
 */
public final class YamlDocument {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

  private final JsonNode root;
  private final Map<String, int[]> locations;

  private YamlDocument(JsonNode root, Map<String, int[]> locations) {
    this.root = root;
    this.locations = locations;
  }

  /** Parses {@code text}; a syntax error is a {@link YamlSyntaxError} with its line. */
  public static YamlDocument parse(String text) {
    Map<String, int[]> locations = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        JsonStreamContext ctx = p.getParsingContext();
        JsonPointer at =
            (t.isStructStart() && ctx.getParent() != null ? ctx.getParent() : ctx).pathAsPointer();
        JsonLocation l = p.currentTokenLocation();
        locations.putIfAbsent(at.toString(), new int[] {l.getLineNr(), l.getColumnNr()});
      }
      JsonNode root = MAPPER.readTree(text);
      return new YamlDocument(root == null ? MissingNode.getInstance() : root, locations);
    } catch (JsonProcessingException e) {
      JsonLocation l = e.getLocation();
      throw syntaxError(
          l == null ? 0 : l.getLineNr(), l == null ? 0 : l.getColumnNr(), e.getOriginalMessage());
    } catch (IOException e) {
      throw new YamlSyntaxError(0, 0, e.getMessage());
    }
  }

  private static final Pattern MARK =
      Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

  /**
   * One line from the YAML parser's message, which spans several: what it expected (the problem, at
   * its own line and column) and, when it has one, what it was parsing and where that started.
   */
  static YamlSyntaxError syntaxError(int line, int column, String message) {
    List<String> said = new ArrayList<>();
    List<int[]> marks = new ArrayList<>();
    for (String l : String.valueOf(message).split("\\R")) {
      Matcher m = MARK.matcher(l);
      if (m.matches()) {
        marks.add(new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))});
      } else if (!l.isBlank() && !Character.isWhitespace(l.charAt(0))) {
        said.add(l.strip()); // the rest are the source line quoted and a caret under it
      }
    }
    if (said.isEmpty()) {
      return new YamlSyntaxError(line, column, String.valueOf(message).strip());
    }
    String problem = said.get(said.size() - 1);
    if (said.size() > 1 && marks.size() > 1) {
      int[] ctx = marks.get(0);
      problem += " (" + said.get(0) + " at line " + ctx[0] + ", column " + ctx[1] + ")";
    } else if (said.size() > 1) {
      problem += " (" + said.get(0) + ")";
    }
    int[] at = marks.isEmpty() ? new int[] {line, column} : marks.get(marks.size() - 1);
    return new YamlSyntaxError(at[0], at[1], problem);
  }

  public JsonNode root() {
    return root;
  }

  /** Line and column (1-based) of the node at {@code pointer}, or of its nearest ancestor. */
  public int[] location(String pointer) {
    String p = pointer;
    while (true) {
      int[] l = locations.get(p);
      if (l != null || p.isEmpty()) {
        return l == null ? new int[] {1, 1} : l;
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** A YAML syntax error, with where it is. */
  public static final class YamlSyntaxError extends RuntimeException {
    private final int line;
    private final int column;

    YamlSyntaxError(int line, int column, String message) {
      super(message);
      this.line = line;
      this.column = column;
    }

    public int line() {
      return line;
    }

    public int column() {
      return column;
    }
  }
}
