package dev.tributary.handlers.sink;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tributary.core.ChangeEvent;
import dev.tributary.core.ChangeEventJson;
import dev.tributary.core.handler.BatchContext;
import dev.tributary.core.handler.BatchResult;
import dev.tributary.core.handler.ChangeHandler;
import java.io.PrintStream;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each event as Lambda-shaped JSON ({@link ChangeEventJson}) to a line consumer: standard
 * output ({@code type: stdout}), the log ({@code type: log}, logger {@code dev.tributary.sink}) or
 * any {@code Consumer<String>}. Compact output is one event per line; pretty output spans lines.
 */
public final class LineSink implements ChangeHandler {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private final Consumer<String> out;
  private final boolean pretty;

  private LineSink(Consumer<String> out, boolean pretty) {
    this.out = out;
    this.pretty = pretty;
  }

  /** One line per event on {@code stream} (e.g. {@code System.out}). */
  public static LineSink toStream(PrintStream stream, boolean pretty) {
    Objects.requireNonNull(stream, "stream");
    return new LineSink(
        line -> {
          stream.println(line);
          stream.flush();
        },
        pretty);
  }

  /** One INFO message per event on the logger {@code dev.tributary.sink}. */
  public static LineSink toLog(boolean pretty) {
    Logger log = LoggerFactory.getLogger("dev.tributary.sink");
    return new LineSink(line -> log.info("{}", line), pretty);
  }

  /** One call per event to {@code consumer}. */
  public static LineSink to(Consumer<String> consumer, boolean pretty) {
    return new LineSink(Objects.requireNonNull(consumer, "consumer"), pretty);
  }

  static String render(ChangeEvent e, boolean pretty) throws Exception {
    String json = ChangeEventJson.toJson(e);
    return pretty
        ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(MAPPER.readTree(json))
        : json;
  }

  @Override
  public BatchResult handle(List<ChangeEvent> batch, BatchContext context) throws Exception {
    for (ChangeEvent e : batch) {
      out.accept(render(e, pretty));
    }
    return BatchResult.success();
  }
}
