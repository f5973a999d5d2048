package dev.tributary.core.pipeline.internal;

import dev.tributary.core.pipeline.PipelineTopology;
import java.util.LinkedHashMap;
import java.util.Map;

/** The headers a record sent to the topology's dead-letter topic carries: why, and from where. */
final class DeadLetterHeaders {
  private static final int MAX_MESSAGE = 2_000;

  private DeadLetterHeaders() {}

  static Map<String, String> describe(Throwable error, String topic, int partition, long offset) {
    Map<String, String> out = new LinkedHashMap<>();
    out.put(PipelineTopology.HEADER_ERROR_CLASS, error.getClass().getName());
    String message = String.valueOf(error.getMessage());
    out.put(
        PipelineTopology.HEADER_ERROR_MESSAGE,
        message.length() > MAX_MESSAGE ? message.substring(0, MAX_MESSAGE) + "..." : message);
    out.put(PipelineTopology.HEADER_SOURCE_TOPIC, topic);
    out.put(PipelineTopology.HEADER_SOURCE_PARTITION, Integer.toString(partition));
    out.put(PipelineTopology.HEADER_SOURCE_OFFSET, Long.toString(offset));
    return out;
  }
}
