package dev.tributary.handlers.function.internal;

import dev.tributary.core.ChangeEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Splits a batch into {@code n} groups by item key (all key attributes, as Lambda's
 * ParallelizationFactor keeps order per item): every event of one key lands in the same group, in
 * batch order, so a key is never in two concurrent invocations.
 */
public final class KeyGroups {
  private KeyGroups() {}

  public static List<List<ChangeEvent>> split(List<ChangeEvent> batch, int n) {
    List<List<ChangeEvent>> groups = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      groups.add(new ArrayList<>());
    }
    for (ChangeEvent e : batch) {
      int g =
          n == 1 ? 0 : Math.floorMod(new TreeMap<>(e.dynamodb().keys()).toString().hashCode(), n);
      groups.get(g).add(e);
    }
    return groups;
  }
}
