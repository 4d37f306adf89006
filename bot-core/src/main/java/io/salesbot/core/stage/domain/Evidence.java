package io.salesbot.core.stage.domain;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.Location;
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
 * @param fileName the name the sender gave the file
 * @param size the file's size in bytes
 * @param contentType the file's content type as stored
 * @param location where the platform said it was sent from
 * @param watermark for photos: the time, place and rep recorded with it
 * @param dealId the deal whose checkpoint it proves, once attached
 * @param checkpoint the checkpoint it proves, once attached
 */
public record Evidence(
    String id,
    Address uploader,
    Set<EvidenceKind> kinds,
    @Nullable String text,
    @Nullable String file,
    @Nullable String fileName,
    Instant receivedAt,
    @Nullable Long size,
    @Nullable String contentType,
    @Nullable Location location,
    @Nullable String watermark,
    @Nullable String dealId,
    @Nullable String checkpoint) {
  public Evidence {
    Objects.requireNonNull(id, "id");
    kinds = Set.copyOf(EnumSet.copyOf(kinds));
  }

  /** A typed note or a file without further metadata. */
  public Evidence(
      String id,
      Address uploader,
      Set<EvidenceKind> kinds,
      @Nullable String text,
      @Nullable String file,
      @Nullable String fileName,
      Instant receivedAt) {
    this(id, uploader, kinds, text, file, fileName, receivedAt, null, null, null, null, null, null);
  }

  /** This evidence attached to a deal's checkpoint. */
  public Evidence attachedTo(String deal, String checkpointId) {
    return new Evidence(
        id,
        uploader,
        kinds,
        text,
        file,
        fileName,
        receivedAt,
        size,
        contentType,
        location,
        watermark,
        deal,
        checkpointId);
  }
}
