package dev.tributary.handlers.function.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** The one ObjectMapper of the function handler, and small JSON helpers. */
public final class Json {
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {}

  static String quote(String s) {
    try {
      return MAPPER.writeValueAsString(s);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A function's response as plain maps and lists; empty when it is not JSON. */
  public static Optional<Object> parse(byte[] body) {
    if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
      return Optional.of(NullResponse.INSTANCE);
    }
    try {
      Object v = MAPPER.readValue(body, Object.class);
      return Optional.of(v == null ? NullResponse.INSTANCE : v);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** A null or empty response (Lambda: success). */
  public enum NullResponse {
    INSTANCE
  }
}
