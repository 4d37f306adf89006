package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A piece of evidence as received in chat, before and after it is attached to a checkpoint.
 *
 * @param kinds what it can prove (a note "12月10日 上门" is a note and a date)
 * @param text the note as typed (phone numbers are masked in logs, never here)
 * @param file the stored file's key (its SHA-256) when it is a file or photo
 */
public record Evidence(
    String id,
    Address uploader,
    Set<EvidenceKind> kinds,
    @Nullable String text,
    @Nullable String file,
    @Nullable String fileName,
    Instant receivedAt) {
  public Evidence {
    Objects.requireNonNull(id, "id");
    kinds = Set.copyOf(EnumSet.copyOf(kinds));
  }
}
