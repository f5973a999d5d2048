package dev.tributary.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.core.pipeline.Topics;
import dev.tributary.core.runner.LaneStatus;
import dev.tributary.core.runner.Lanes;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ./tributary lanes}: where each lane's runners (and each topology) stand, and their lag.
 */
@Command(
    name = "lanes",
    mixinStandardHelpOptions = true,
    description = {
      "Show, for every pipeline of a configuration, where its topology stands on each change topic",
      "and where each handler's runners stand on its lane: committed position, end, lag in events",
      "(committed records not yet handled) and in time (age of the oldest of them; 0 when caught up).",
      "",
      "Example: tributary lanes --config tributary.yaml --json"
    })
final class LanesCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaTarget kafka;

  @Option(names = "--json", description = "One JSON document, with every partition.")
  boolean json;

  @Option(names = "--pipeline", paramLabel = "NAME", description = "Only this pipeline.")
  String pipeline;

  /** One row: a topology on a change topic, or a lane. */
  record Row(String pipeline, String handler, LaneStatus status) {}

  @Override
  public Integer call() throws Exception {
    List<Pipeline> pipelines =
        pipeline == null ? kafka.pipelines("lanes") : List.of(kafka.pipeline(pipeline));
    List<Row> rows = new ArrayList<>();
    try (Lanes lanes = Lanes.connect(kafka.reachableClientConfig())) {
      for (Pipeline p : pipelines) {
        for (String topic : p.sourceTopics()) {
          rows.add(
              new Row(p.name(), "(topology)", lanes.status(topic, Topics.applicationId(p.name()))));
        }
        for (LaneSpec lane : p.lanes()) {
          rows.add(new Row(p.name(), lane.handler(), lanes.status(lane)));
        }
      }
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(toJson(rows));
    } else {
      out.print(table(rows));
    }
    out.flush();
    return 0;
  }

  static String table(List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(
        new String[] {
          "PIPELINE", "HANDLER", "TOPIC", "PARTITIONS", "COMMITTED", "END", "LAG", "LAG TIME"
        });
    for (Row r : rows) {
      LaneStatus s = r.status();
      long committed = s.partitions().stream().mapToLong(p -> p.committed().orElse(0)).sum();
      long end = s.partitions().stream().mapToLong(LaneStatus.PartitionStatus::end).sum();
      cells.add(
          new String[] {
            r.pipeline(),
            r.handler(),
            s.laneTopic(),
            Integer.toString(s.partitions().size()),
            Long.toString(committed),
            Long.toString(end),
            Long.toString(s.lagEvents()),
            seconds(s.lagTime())
          });
    }
    int[] width = new int[cells.get(0).length];
    cells.forEach(
        c -> {
          for (int i = 0; i < c.length; i++) {
            width[i] = Math.max(width[i], c[i].length());
          }
        });
    StringBuilder sb = new StringBuilder();
    for (String[] c : cells) {
      for (int i = 0; i < c.length; i++) {
        boolean number = i >= 3;
        String pad = " ".repeat(width[i] - c[i].length());
        sb.append(number ? pad + c[i] : c[i] + (i == c.length - 1 ? "" : pad));
        sb.append(i == c.length - 1 ? "\n" : "  ");
      }
    }
    return sb.toString().replaceAll(" +\n", "\n");
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
  }

  static String toJson(List<Row> rows) throws Exception {
    ObjectMapper m = new ObjectMapper();
    ArrayNode all = m.createArrayNode();
    for (Row r : rows) {
      ObjectNode o = all.addObject();
      o.put("pipeline", r.pipeline());
      o.put("handler", r.handler().equals("(topology)") ? null : r.handler());
      o.put("kind", r.handler().equals("(topology)") ? "topology" : "lane");
      o.put("topic", r.status().laneTopic());
      o.put("group", r.status().group());
      o.put("lagEvents", r.status().lagEvents());
      o.put("lagSeconds", r.status().lagTime().toMillis() / 1000.0);
      ArrayNode parts = o.putArray("partitions");
      for (LaneStatus.PartitionStatus p : r.status().partitions()) {
        ObjectNode po = parts.addObject();
        po.put("partition", p.partition());
        if (p.committed().isPresent()) {
          po.put("committed", p.committed().getAsLong());
        } else {
          po.putNull("committed");
        }
        po.put("end", p.end());
        po.put("lagEvents", p.lagEvents());
        po.put("lagSeconds", p.lagTime().toMillis() / 1000.0);
      }
    }
    return m.writerWithDefaultPrettyPrinter().writeValueAsString(all);
  }
}
