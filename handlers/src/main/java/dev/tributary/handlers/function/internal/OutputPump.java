package dev.tributary.handlers.function.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;

/**
 * Copies a function process's output, line by line, to the worker's log under the function's name.
 */
final class OutputPump {
  private OutputPump() {}

  static void start(InputStream in, Logger log, String prefix, String threadName) {
    Thread t =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  log.info("{} {}", prefix, line);
                }
              } catch (IOException e) {
                // the process is gone; so is its output
              }
            },
            threadName);
    t.setDaemon(true);
    t.start();
  }
}
