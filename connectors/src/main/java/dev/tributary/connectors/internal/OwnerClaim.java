package dev.tributary.connectors.internal;

import dev.tributary.core.FatalException;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/**
 * Which running instance owns a transactional id, recorded in the checkpoint topic. Transactions
 * fence older instances, but an instance whose producer broke for another reason must open a new
 * one, and that {@code initTransactions()} would fence a newer instance in turn. So every instance
 * claims the id right after it connected, and before opening a new producer an instance checks that
 * the last claim is still its own; if not, it was superseded and stops.
 */
public final class OwnerClaim {
  private static final String PREFIX = "owner/";

  private final CheckpointTopic checkpoints;
  private final String transactionalId;
  private final String instance = UUID.randomUUID().toString();
  private boolean claimed;

  public OwnerClaim(CheckpointTopic checkpoints, String transactionalId) {
    this.checkpoints = checkpoints;
    this.transactionalId = transactionalId;
  }

  /**
   * Opens a new producer, fencing older instances and completing their open transaction, and claims
   * the id. A producer that broke is replaced only while no newer instance claimed the id.
   */
  public void openAndClaim(Admin admin, TransactionalPublisher publisher) {
    if (claimed) {
      checkStillOwner(admin);
    }
    publisher.open();
    publisher.send(checkpoints.record(PREFIX + transactionalId, instance));
    publisher.commit();
    claimed = true;
  }

  /** Throws when an instance other than this one claimed the id since. */
  private void checkStillOwner(Admin admin) {
    Map<String, String> claims = checkpoints.read(admin, PREFIX);
    Optional<String> owner = Optional.ofNullable(claims.get(transactionalId));
    if (owner.isPresent() && !owner.get().equals(instance)) {
      throw new FatalException(
          "Another instance with transactional id "
              + transactionalId
              + " took over (instance "
              + owner.get()
              + "); this one stops instead of fencing it");
    }
  }
}
