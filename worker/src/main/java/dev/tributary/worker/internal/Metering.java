package dev.tributary.worker.internal;

import dev.tributary.core.pipeline.HandlerSpec;
import dev.tributary.core.pipeline.Pipeline;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;

/**
 * A pipeline whose handlers are metered: the same definition, rebuilt with each handler's spec
 * wrapped so every handler instance reports to the registry.
 */
final class Metering {
  private Metering() {}

  static Pipeline metered(Pipeline p, MeterRegistry registry) {
    Pipeline.Builder b = Pipeline.builder(p.name());
    List<String> sources = p.sources();
    b.source(sources.get(0), sources.subList(1, sources.size()).toArray(String[]::new));
    p.filters().forEach(b::filter);
    p.view().ifPresent(b::where);
    p.projection().ifPresent(attrs -> b.project(attrs.toArray(String[]::new)));
    p.handlers()
        .forEach(
            (name, spec) ->
                b.handler(
                    name, wrap(spec, MeteredHandler.Meters.register(registry, p.name(), name))));
    p.routes().forEach(r -> b.route(r.when(), r.handler()));
    return b.build();
  }

  private static HandlerSpec wrap(HandlerSpec spec, MeteredHandler.Meters meters) {
    HandlerSpec w =
        HandlerSpec.of(() -> new MeteredHandler(spec.factory().get(), meters))
            .describedAs(spec.description())
            .batching(spec.batching())
            .retry(spec.retry())
            .bisectOnFailure(spec.bisectOnFailure())
            .isolateFailingKeys(spec.isolateFailingKeys())
            .startingPosition(spec.startingPosition());
    if (spec.onFailure().isPresent()) {
      w = w.onFailure(spec.onFailure().get());
    }
    if (spec.deadLetterTopic().isPresent()) {
      w = w.deadLetterTopic(spec.deadLetterTopic().get());
    }
    if (spec.snapshotEvents().isPresent()) {
      w = w.snapshotEvents(spec.snapshotEvents().get());
    }
    return w;
  }
}
