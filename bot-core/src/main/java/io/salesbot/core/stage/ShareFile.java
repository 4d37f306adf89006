package io.salesbot.core.stage;

import io.salesbot.core.kernel.domain.Address;
import io.salesbot.core.kernel.domain.InboundEvent.Location;
import io.salesbot.core.kernel.domain.InboundEvent.MediaMessage;
import io.salesbot.core.stage.domain.Evidence;
import io.salesbot.core.stage.domain.EvidenceKind;
import io.salesbot.core.stage.domain.StoredFile;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A rep sent the bot a file, a photo, a voice message or a location in the 1:1 chat: when one of
 * their open deals has a checkpoint that takes it, the file is downloaded from the platform (at
 * most the configured size), checked against the limits, stored under its SHA-256, kept as evidence
 * with its metadata, and the bot asks which checkpoint it proves — as for a typed note. A file too
 * large, of a type not taken, or no longer held by the platform gets a reply and nothing is stored.
 * A location is kept as a note with its coordinates — even when no checkpoint takes it: a photo's
 * watermark takes its place from the sender's latest location within the configured window.
 */
public final class ShareFile {
  private static final System.Logger LOG = System.getLogger(ShareFile.class.getName());
  private static final String STORED = "sha256:";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

  private final ShareEvidence share;
  private final DealSupport support;
  private final EvidenceStore store;
  private final EvidenceFilePorts files;

  public ShareFile(
      ShareEvidence share, DealSupport support, EvidenceStore store, EvidenceFilePorts files) {
    this.share = share;
    this.support = support;
    this.store = store;
    this.files = files;
  }

  /** The evidence kind a message can prove. */
  static EvidenceKind kindOf(MediaMessage.Media media) {
    return switch (media) {
      case PHOTO -> EvidenceKind.PHOTO;
      case FILE, VOICE -> EvidenceKind.FILE;
      case LOCATION -> EvidenceKind.NOTE;
    };
  }

  public Mono<Void> handle(MediaMessage m) {
    if (m.conversation() != null) {
      LOG.log(System.Logger.Level.DEBUG, "ignoring {0} sent in a group chat", m.kind());
      return Mono.empty();
    }
    Address rep = m.user();
    EvidenceKind kind = kindOf(m.kind());
    return share
        .options(rep, Set.of(kind))
        .flatMap(
            options -> {
              if (options.isEmpty() && isLocation(m)) {
                // Kept all the same: the place of the photos that follow (watermark).
                return evidence(m, kind)
                    .flatMap(store::save)
                    .then(
                        support.reply(
                            m,
                            rep,
                            "reply.evidence.locationKept",
                            place(m.location()),
                            String.valueOf(files.locationWindow().toMinutes())));
              }
              if (options.isEmpty()) {
                return support.reply(
                    m,
                    rep,
                    "reply.evidence.nothingOpen",
                    support.talk().messages().get(kind.labelKey()));
              }
              return evidence(m, kind)
                  .flatMap(e -> store.save(e).flatMap(saved -> share.ask(m, saved, options)))
                  .onErrorResume(
                      EvidenceLimits.Refused.class, refused -> refuse(m, refused.reason()))
                  .onErrorResume(Gone.class, gone -> support.reply(m, rep, "reply.evidence.gone"));
            });
  }

  private Mono<Evidence> evidence(MediaMessage m, EvidenceKind kind) {
    Instant now = support.talk().clock().instant();
    String id = "ev-" + m.eventId();
    Location at = m.location();
    if (isLocation(m)) {
      String note = support.talk().messages().get("evidence.location", place(at), coordinates(at));
      return Mono.just(
          new Evidence(
              id, m.user(), Set.of(kind), note, null, null, now, null, null, at, null, null, null));
    }
    return content(m)
        .zipWith(kind == EvidenceKind.PHOTO ? watermark(m, now) : Mono.just(""))
        .map(
            t -> {
              Content f = t.getT1();
              String watermark = t.getT2();
              return new Evidence(
                  id,
                  m.user(),
                  Set.of(kind),
                  null,
                  f.stored().sha256(),
                  f.name(),
                  now,
                  f.stored().size(),
                  f.stored().contentType(),
                  at,
                  watermark.isEmpty() ? null : watermark,
                  null,
                  null);
            });
  }

  private static boolean isLocation(MediaMessage m) {
    return m.kind() == MediaMessage.Media.LOCATION && m.location() != null;
  }

  private record Content(StoredFile stored, @Nullable String name) {}

  /** The file, stored: already (sandbox uploads) or after downloading it from the platform. */
  private Mono<Content> content(MediaMessage m) {
    String media = m.media() == null ? "" : m.media();
    if (media.startsWith(STORED)) {
      return files
          .files()
          .find(media.substring(STORED.length()))
          .map(f -> new Content(f, m.fileName()))
          .switchIfEmpty(Mono.error(() -> new Gone("no stored file " + media)));
    }
    MediaSource source = files.source(m.user().platform()).orElse(null);
    if (source == null) {
      return Mono.error(new Gone("no media download for platform " + m.user().platform()));
    }
    EvidenceLimits limits = files.files().limits();
    return source
        .fetch(m, limits.maxBytes())
        .flatMap(
            fetch -> {
              if (fetch instanceof MediaSource.Fetch.TooLarge t) {
                return Mono.error(
                    new EvidenceLimits.Refused(
                        EvidenceLimits.Reason.TOO_LARGE, "at least " + t.atLeast()));
              }
              if (fetch instanceof MediaSource.Fetch.Gone g) {
                return Mono.error(new Gone(g.reason()));
              }
              MediaSource.Fetch.Got got = (MediaSource.Fetch.Got) fetch;
              String name = got.fileName() != null ? got.fileName() : m.fileName();
              String type =
                  EvidenceLimits.typeOf(
                      got.contentType() != null ? got.contentType() : m.contentType(),
                      name,
                      got.bytes());
              limits.require(got.bytes().length, type);
              return files
                  .files()
                  .put(got.bytes(), name == null ? "" : name, type)
                  .map(f -> new Content(f, name));
            });
  }

  private Mono<Void> refuse(MediaMessage m, EvidenceLimits.Reason reason) {
    EvidenceLimits limits = files.files().limits();
    return reason == EvidenceLimits.Reason.TOO_LARGE
        ? support.reply(m, m.user(), "reply.evidence.tooLarge", limits.maxMegabytes())
        : support.reply(
            m, m.user(), "reply.evidence.wrongType", String.join("、", limits.allowedTypes()));
  }

  /**
   * 2026-12-02 17:16 · 上海市浦东新区 · 王五: recorded with each photo. The place is the one the platform
   * sent with the photo, else the sender's latest location message within the configured window
   * before it (WeCom sends none with a picture), else 位置未知.
   */
  private Mono<String> watermark(MediaMessage m, Instant now) {
    var messages = support.talk().messages();
    Mono<String> place =
        m.location() != null
            ? Mono.just(place(m.location()))
            : store
                .lastLocation(m.user(), now.minus(files.locationWindow()), now)
                .flatMap(e -> Mono.justOrEmpty(e.location()))
                .map(ShareFile::place)
                .defaultIfEmpty(messages.get("evidence.noPlace"));
    return place.map(
        p ->
            messages.get(
                "evidence.watermark",
                STAMP.format(now),
                p,
                support.directory().displayName(m.user())));
  }

  private static String place(Location at) {
    return at.label() != null && !at.label().isBlank() ? at.label() : coordinates(at);
  }

  private static String coordinates(Location at) {
    return String.format(Locale.ROOT, "%.6f,%.6f", at.latitude(), at.longitude());
  }

  /** The platform no longer has the file (or salesbot cannot fetch it): retrying will not help. */
  private static final class Gone extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Gone(String message) {
      super(message, null, false, false);
    }
  }
}
