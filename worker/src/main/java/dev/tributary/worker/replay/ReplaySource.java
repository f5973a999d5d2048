package dev.tributary.worker.replay;

import dev.tributary.engine.TributaryEngine;
import dev.tributary.handlers.archive.ArchiveReader;
import java.util.Objects;

/**
 * Where a replay reads history: the handler's lane topic (what the topology routed, as long as
 * Kafka retains it), the table engine's change logs (as long as the engine retains them), or an S3
 * archive written by the archive handler (as long as you keep it).
 */
public sealed interface ReplaySource {

  /** The handler's lane topic; events are replayed exactly as the topology routed them. */
  static ReplaySource lane() {
    return new Lane();
  }

  /** The engine's change logs of the pipeline's source tables, routed as the topology would. */
  static ReplaySource changeLog(TributaryEngine engine) {
    return new ChangeLog(Objects.requireNonNull(engine, "engine"));
  }

  /**
   * An archive of the pipeline's source tables, routed as the topology would. The archive must hold
   * the source's events as written (an archive handler in a pipeline without a projection or view),
   * or the routing sees less than it expects.
   */
  static ReplaySource archive(ArchiveReader reader) {
    return new Archive(Objects.requireNonNull(reader, "reader"));
  }

  record Lane() implements ReplaySource {
    @Override
    public String toString() {
      return "lane";
    }
  }

  record ChangeLog(TributaryEngine engine) implements ReplaySource {
    @Override
    public String toString() {
      return "change log";
    }
  }

  record Archive(ArchiveReader reader) implements ReplaySource {
    @Override
    public String toString() {
      return "archive";
    }
  }
}
