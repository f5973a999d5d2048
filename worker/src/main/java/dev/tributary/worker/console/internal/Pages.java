package dev.tributary.worker.console.internal;

import static dev.tributary.worker.console.internal.Web.esc;

import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.worker.console.ConsoleBackend;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The console's pages, rendered here: a shell with the navigation, and each page's static part
 * (descriptions, forms, selects of lanes and tables). {@code console.js} fills in the live parts
 * from the JSON routes and the event streams.
 */
final class Pages {
  private static final Map<String, String> PAGES = new LinkedHashMap<>();

  static {
    PAGES.put("/", "Overview");
    PAGES.put("/lanes", "Lanes");
    PAGES.put("/dead-letters", "Dead letters");
    PAGES.put("/replay", "Replay");
    PAGES.put("/tail", "Tail");
    PAGES.put("/tables", "Tables");
  }

  private Pages() {}

  /** The page at {@code path} (below /console), if there is one. */
  static Optional<String> page(String path) {
    return PAGES.containsKey(path) ? Optional.of(path) : Optional.empty();
  }

  /**
   * The page without any data, for a console whose reads need the token: it asks for the token, and
   * its script fetches the page again with it.
   */
  static String locked(String page) {
    StringBuilder b = new StringBuilder(2048);
    head(b, page, "locked", true);
    b.append(
            "<span class=\"state\">token required</span></header>\n<main>\n<h1>Token required</h1>\n")
        .append(
            "<p class=\"hint\">This console shows nothing without its token (<code>worker.console.token-for-reads</code>)."
                + " Enter it once: this tab keeps it (<code>sessionStorage</code>) and sends it with each request.</p>\n")
        .append(
            "<form id=\"unlock\" class=\"form\"><label>Console token <input id=\"unlock-token\" type=\"password\""
                + " autocomplete=\"off\" required></label><button type=\"submit\">Open</button></form>\n")
        .append("<div id=\"message\" class=\"message\" hidden></div>\n</main></body></html>\n");
    return b.toString();
  }

  private static void head(StringBuilder b, String page, String id, boolean actions) {
    b.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        .append("<title>")
        .append(esc(PAGES.get(page)))
        .append(" · Tributary console</title>")
        .append("<link rel=\"stylesheet\" href=\"/console/static/console.css\">")
        .append("<script defer src=\"/console/static/console.js\"></script></head>\n")
        .append("<body data-page=\"")
        .append(id)
        .append("\" data-actions=\"")
        .append(actions)
        .append("\">\n")
        .append("<header><span class=\"brand\">Tributary</span><nav>");
    PAGES.forEach(
        (path, title) ->
            b.append("<a href=\"/console")
                .append(path)
                .append('"')
                .append(path.equals(page) ? " class=\"current\"" : "")
                .append(">")
                .append(esc(title))
                .append("</a>"));
    b.append("</nav>");
  }

  static String render(
      String page, ConsoleBackend backend, boolean actions, boolean tokenForReads) {
    StringBuilder b = new StringBuilder(4096);
    String id = page.equals("/") ? "overview" : page.substring(1);
    head(b, page, id, actions);
    b.append("<span class=\"state\" id=\"worker-state\">")
        .append(esc(backend.state()))
        .append("</span>");
    if (actions) {
      b.append("<label class=\"token\">")
          .append(tokenForReads ? "Token" : "Action token")
          .append(" <input id=\"token\" type=\"password\" autocomplete=\"off\"></label>");
    } else {
      b.append(
          "<span class=\"token off\" title=\"set worker.console.token to enable redrive and replay\">actions disabled</span>");
    }
    b.append("</header>\n<main>\n<h1>").append(esc(PAGES.get(page))).append("</h1>\n");
    switch (id) {
      case "overview" -> overview(b, backend);
      case "lanes" ->
          b.append(
              "<p class=\"hint\">Lag in events and in time, and events handed to each handler per second,"
                  + " over the last minutes; updated every second.</p><div id=\"lanes\"></div>");
      case "dead-letters" -> deadLetters(b, backend, actions);
      case "replay" -> replay(b, backend, actions);
      case "tail" -> tail(b, backend);
      case "tables" ->
          b.append(
              backend.engine().isPresent()
                  ? "<div id=\"tables\"></div><div id=\"table\"></div>"
                      + "<div id=\"history\"></div>"
                  : "<p>This worker has no embedded table engine.</p>");
      default -> {}
    }
    b.append("<div id=\"message\" class=\"message\" hidden></div>\n");
    b.append(
            "<div id=\"confirm\" class=\"confirm\" hidden><div class=\"box\"><p id=\"confirm-text\"></p>")
        .append(
            "<button id=\"confirm-yes\" class=\"danger\">Confirm</button> <button id=\"confirm-no\">Cancel</button></div></div>\n");
    b.append("</main></body></html>\n");
    return b.toString();
  }

  private static void overview(StringBuilder b, ConsoleBackend backend) {
    b.append(
        "<section><h2>Sources</h2><table id=\"sources\"><tr><th>source</th><th>state</th></tr>");
    backend
        .sources()
        .forEach(
            s ->
                b.append("<tr><td>")
                    .append(esc(s.name()))
                    .append("</td><td class=\"st-")
                    .append(esc(s.state()))
                    .append("\">")
                    .append(esc(s.state()))
                    .append("</td></tr>"));
    b.append("</table></section>\n");
    b.append(
        "<section><h2>Lanes</h2><table id=\"lane-states\"><tr><th>pipeline</th><th>handler</th><th>lane topic</th>"
            + "<th>runner</th><th>lag (events)</th><th>lag (time)</th><th>events/s</th><th>dead-lettered here</th></tr>");
    for (Pipeline p : backend.pipelines()) {
      for (LaneSpec l : p.lanes()) {
        b.append("<tr data-lane=\"")
            .append(esc(l.laneTopic()))
            .append("\"><td>")
            .append(esc(p.name()))
            .append("</td><td>")
            .append(esc(l.handler()))
            .append("</td><td><code>")
            .append(esc(l.laneTopic()))
            .append("</code></td>")
            .append(
                "<td class=\"runner\">…</td><td class=\"lag\">…</td><td class=\"lagtime\">…</td><td class=\"rate\">…</td>")
            .append("<td class=\"dead\">…</td></tr>");
      }
    }
    b.append("</table></section>\n<section><h2>Pipelines</h2>");
    for (Pipeline p : backend.pipelines()) {
      b.append("<pre class=\"describe\">").append(esc(p.describe())).append("</pre>");
    }
    b.append("</section>\n");
  }

  private static void laneOptions(StringBuilder b, ConsoleBackend backend) {
    for (Pipeline p : backend.pipelines()) {
      for (LaneSpec l : p.lanes()) {
        b.append("<option value=\"")
            .append(esc(l.laneTopic()))
            .append("\" data-pipeline=\"")
            .append(esc(p.name()))
            .append("\" data-handler=\"")
            .append(esc(l.handler()))
            .append("\">")
            .append(esc(p.name() + " / " + l.handler()))
            .append("</option>");
      }
    }
  }

  private static void deadLetters(StringBuilder b, ConsoleBackend backend, boolean actions) {
    b.append(
        "<section><table id=\"dlq-counts\"><tr><th>pipeline</th><th>handler</th><th>dead-letter topic</th>"
            + "<th>events</th><th>not redriven</th></tr></table></section>\n");
    b.append("<section class=\"controls\"><label>Lane <select id=\"dlq-lane\">");
    laneOptions(b, backend);
    b.append(
        "</select></label> <label>Filter <input id=\"dlq-filter\" placeholder=\"text in the event or its error\"></label>"
            + " <button id=\"dlq-load\">Show</button>");
    if (actions) {
      b.append(
          " <button id=\"dlq-redrive-selected\" class=\"danger\">Redrive selected</button>"
              + " <button id=\"dlq-redrive-all\" class=\"danger\">Redrive all</button>");
    }
    b.append(
        "</section>\n<div id=\"progress\" class=\"progress\" hidden><div class=\"bar\"><span></span></div><p></p></div>\n");
    b.append(
        "<div class=\"split\"><table id=\"dlq-items\"></table><pre id=\"dlq-detail\" class=\"json\"></pre></div>\n");
  }

  private static void replay(StringBuilder b, ConsoleBackend backend, boolean actions) {
    b.append(
            "<p class=\"hint\">Delivers a range of history again to one handler; the others see nothing. History is read"
                + " from the handler's lane (as long as Kafka keeps it) or from the engine's change log. From and to are a time"
                + " (2025-01-15T10:00:00Z) or a sequence number.</p>\n<form id=\"replay-form\" class=\"form\">")
        .append("<label>Handler <select id=\"replay-lane\">");
    laneOptions(b, backend);
    b.append(
        "</select></label><label>Source <select id=\"replay-source\"><option value=\"lane\">lane</option>");
    if (backend.engine().isPresent()) {
      b.append("<option value=\"change-log\">change log</option>");
    }
    b.append(
        "</select></label><label>From <input id=\"replay-from\" required placeholder=\"time or sequence\"></label>"
            + "<label>To <input id=\"replay-to\" placeholder=\"default: the newest now\"></label>"
            + "<label>Where <input id=\"replay-where\" placeholder=\"status = 'SHIPPED'\"></label>");
    b.append(
        actions
            ? "<button id=\"replay-start\" class=\"danger\" type=\"submit\">Replay</button>"
            : "<p>Replay is disabled: set <code>worker.console.token</code>.</p>");
    b.append(
            "</form>\n<div id=\"progress\" class=\"progress\" hidden><div class=\"bar\"><span></span></div><p></p></div>\n")
        .append("<section><h2>Recent jobs</h2><table id=\"jobs\"></table></section>\n");
  }

  private static void tail(StringBuilder b, ConsoleBackend backend) {
    b.append("<section class=\"controls\"><label>Follow <select id=\"tail-source\">");
    for (Pipeline p : backend.pipelines()) {
      for (String table : p.sources()) {
        b.append("<option value=\"table:")
            .append(esc(table))
            .append("\">change topic of ")
            .append(esc(table))
            .append("</option>");
      }
    }
    for (Pipeline p : backend.pipelines()) {
      for (LaneSpec l : p.lanes()) {
        b.append("<option value=\"lane:")
            .append(esc(l.laneTopic()))
            .append("\">lane ")
            .append(esc(p.name() + " / " + l.handler()))
            .append("</option>");
      }
    }
    for (Pipeline p : backend.pipelines()) {
      for (LaneSpec l : p.lanes()) {
        b.append("<option value=\"dlq:")
            .append(esc(l.laneTopic()))
            .append("\">dead letters of ")
            .append(esc(p.name() + " / " + l.handler()))
            .append("</option>");
      }
    }
    b.append(
        "</select></label> <label>Events <select id=\"tail-names\"><option value=\"\">all</option>"
            + "<option>INSERT</option><option>MODIFY</option><option>REMOVE</option></select></label>"
            + " <label>Key prefix <input id=\"tail-prefix\"></label> <label>Text <input id=\"tail-text\"></label>"
            + " <button id=\"tail-start\">Follow</button> <button id=\"tail-stop\" disabled>Stop</button>"
            + " <span id=\"tail-status\" class=\"hint\"></span></section>\n<div id=\"tail-events\"></div>\n");
  }
}
