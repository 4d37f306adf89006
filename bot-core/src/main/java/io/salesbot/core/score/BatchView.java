package io.salesbot.core.score;

import io.salesbot.core.score.domain.RecordKey;
import io.salesbot.core.score.domain.RecordType;
import io.salesbot.core.score.domain.RecordVersion;
import io.salesbot.core.score.domain.SalesRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a batch of records is validated against, read once for the whole batch and kept up to date
 * in memory as each record of the batch is decided: the current version of every record in it, the
 * counted contracts its payments and assists name, and those contracts' counted payments. So a
 * record sees the records before it in the same batch exactly as it would had they been stored one
 * by one (a payment naming a contract of the same batch, two payments of one contract adding up).
 */
final class BatchView {
  private static final Comparator<RecordVersion> BY_KEY =
      Comparator.comparing((RecordVersion v) -> v.key().source())
          .thenComparing(v -> v.key().externalId());

  private final Map<RecordKey, RecordVersion> current = new HashMap<>();
  private final Map<String, List<RecordVersion>> contracts = new HashMap<>();
  private final Map<String, List<RecordVersion>> payments = new HashMap<>();

  BatchView(
      Collection<RecordVersion> current,
      Collection<RecordVersion> contracts,
      Collection<RecordVersion> payments) {
    current.forEach(v -> this.current.put(v.key(), v));
    contracts.forEach(this::index);
    payments.forEach(this::index);
  }

  Optional<RecordVersion> current(RecordKey key) {
    return Optional.ofNullable(current.get(key));
  }

  /** As {@link Records#contracts(String)} would answer now. */
  List<RecordVersion> contracts(String externalId) {
    return contracts.getOrDefault(externalId, List.of());
  }

  /** As {@link Records#payments(String)} would answer now. */
  List<RecordVersion> payments(String contract) {
    return payments.getOrDefault(contract, List.of());
  }

  /** {@code next} was decided: it is the record's current version from now on. */
  void stored(RecordVersion next) {
    RecordVersion previous = current.put(next.key(), next);
    if (previous != null) {
      remove(previous);
    }
    index(next);
  }

  private void index(RecordVersion v) {
    SalesRecord r = v.record();
    if (!v.status().counts() || r.deleted()) {
      return;
    }
    List<RecordVersion> list = null;
    if (r.type() == RecordType.CONTRACT) {
      list = contracts.computeIfAbsent(r.key().externalId(), k -> new ArrayList<>());
    } else if (r.type() == RecordType.PAYMENT && r.contract().isPresent()) {
      list = payments.computeIfAbsent(r.contract().get(), k -> new ArrayList<>());
    }
    if (list != null) {
      list.removeIf(o -> o.key().equals(v.key()));
      list.add(v);
      list.sort(BY_KEY);
    }
  }

  private void remove(RecordVersion v) {
    SalesRecord r = v.record();
    if (r.type() == RecordType.CONTRACT) {
      contracts
          .getOrDefault(r.key().externalId(), new ArrayList<>())
          .removeIf(o -> o.key().equals(v.key()));
    } else if (r.type() == RecordType.PAYMENT && r.contract().isPresent()) {
      payments
          .getOrDefault(r.contract().get(), new ArrayList<>())
          .removeIf(o -> o.key().equals(v.key()));
    }
  }
}
