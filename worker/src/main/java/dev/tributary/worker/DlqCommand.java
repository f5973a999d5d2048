package dev.tributary.worker;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tributary.core.pipeline.LaneSpec;
import dev.tributary.core.pipeline.Pipeline;
import dev.tributary.worker.internal.DeadLetters;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ./tributary dlq list | show | redrive}: the handlers' dead-letter topics. */
@Command(
    name = "dlq",
    mixinStandardHelpOptions = true,
    description = "Inspect dead-lettered events and send them back to their lane.",
    subcommands = {DlqCommand.ListDlq.class, DlqCommand.Show.class, DlqCommand.Redrive.class})
final class DlqCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  /** Selects handlers: all of the configuration, one pipeline's, or one. */
  static final class Selection {
    @Option(names = "--pipeline", paramLabel = "NAME", description = "Only this pipeline.")
    String pipeline;

    @Option(
        names = "--handler",
        paramLabel = "NAME",
        description = "Only this handler (needs --pipeline).")
    String handler;

    List<LaneSpec> lanes(KafkaTarget kafka) {
      if (handler != null && pipeline == null) {
        throw new UsageException("--handler needs --pipeline");
      }
      List<Pipeline> ps =
          pipeline == null ? kafka.pipelines("dlq") : List.of(kafka.pipeline(pipeline));
      List<LaneSpec> out = new ArrayList<>();
      for (Pipeline p : ps) {
        if (handler != null) {
          KafkaTarget.handler(p, handler);
        }
        p.lanes().stream()
            .filter(l -> handler == null || l.handler().equals(handler))
            .forEach(out::add);
      }
      return out;
    }

    LaneSpec one(KafkaTarget kafka) {
      if (pipeline == null || handler == null) {
        throw new UsageException("give --pipeline NAME and --handler NAME");
      }
      return lanes(kafka).get(0);
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "Count the dead-lettered events of each handler, and those not yet redriven.")
  static final class ListDlq implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;
    @Mixin Selection selection;

    @Override
    public Integer call() throws Exception {
      List<LaneSpec> lanes = selection.lanes(kafka);
      PrintWriter out = spec.commandLine().getOut();
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"PIPELINE", "HANDLER", "DEAD-LETTER TOPIC", "EVENTS", "NOT REDRIVEN"});
      DeadLetters dlq = new DeadLetters(kafka.reachableClientConfig());
      for (LaneSpec l : lanes) {
        DeadLetters.Counts counts = dlq.counts(l);
        rows.add(
            new String[] {
              l.pipeline(),
              l.handler(),
              l.deadLetterTopic(),
              Long.toString(counts.total()),
              Long.toString(counts.pending())
            });
      }
      for (String[] r : rows) {
        out.println(String.format("%-16s %-16s %-40s %8s %13s", (Object[]) r).stripTrailing());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description =
          "Print one handler's dead-lettered events as JSON lines: the event, why it failed and where it came from.")
  static final class Show implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;
    @Mixin Selection selection;

    @Option(
        names = "--max",
        defaultValue = "100",
        paramLabel = "N",
        description = "At most N events (default ${DEFAULT-VALUE}).")
    int max;

    @Override
    public Integer call() throws Exception {
      LaneSpec lane = selection.one(kafka);
      DeadLetters dlq = new DeadLetters(kafka.reachableClientConfig());
      requireTopic(kafka, lane.deadLetterTopic());
      PrintWriter out = spec.commandLine().getOut();
      for (ObjectNode o : dlq.read(lane, Math.max(0, max), x -> true)) {
        out.println(o.toString());
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "redrive",
      mixinStandardHelpOptions = true,
      description = {
        "Send one handler's dead-lettered events back to its lane, in order, each once: the records",
        "and the redrive position are committed in one Kafka transaction, so a redrive that is",
        "interrupted and run again neither loses nor repeats an event. Fix the cause first."
      })
  static final class Redrive implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaTarget kafka;
    @Mixin Selection selection;

    @Option(names = "--max", paramLabel = "N", description = "At most N events (default: all).")
    Long max;

    @Option(names = "--dry-run", description = "Print what would be redriven; change nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
      LaneSpec lane = selection.one(kafka);
      PrintWriter out = spec.commandLine().getOut();
      DeadLetters dlq = new DeadLetters(kafka.reachableClientConfig());
      long moved;
      try {
        moved =
            dlq.redrive(
                lane,
                Optional.ofNullable(max),
                dryRun
                    ? Optional.of(
                        r ->
                            out.println(
                                "would redrive "
                                    + r.topic()
                                    + "/"
                                    + r.partition()
                                    + "@"
                                    + r.offset()
                                    + " -> "
                                    + lane.laneTopic()))
                    : Optional.empty(),
                (done, total) -> {});
      } catch (DeadLetters.NoSuchTopic e) {
        throw new UsageException(e.getMessage());
      }
      out.println(
          (dryRun ? "Would redrive " : "Redrove ")
              + moved
              + " event(s) from "
              + lane.deadLetterTopic()
              + " to "
              + lane.laneTopic());
      out.flush();
      return 0;
    }
  }

  private static void requireTopic(KafkaTarget kafka, String topic) {
    Map<String, Object> c = new HashMap<>(kafka.reachableClientConfig());
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(c, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      DeadLetters.partitions(consumer, topic);
    } catch (DeadLetters.NoSuchTopic e) {
      throw new UsageException(e.getMessage());
    }
  }
}
