package io.salesbot.server.evidence;

import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Everything under {@code salesbot.evidence.*}: where files and photos sent as evidence are kept,
 * what is taken, and the download links. Checked at start-up by {@link EvidenceWiring}.
 *
 * @param directory Where evidence files are kept (one file per SHA-256). Default: evidence/ under
 *     salesbot.dev-services.data-dir (.salesbot/evidence).
 * @param maxFileSize The largest file or photo taken as evidence; larger ones get a reply and are
 *     not kept. Default 20MB.
 * @param allowedTypes Content types taken as evidence; an entry ending in /* takes a family
 *     (image/*). Default: images, PDF, Word/Excel/PowerPoint, plain text, CSV, AMR voice.
 * @param linkSecret The secret download links are signed with (HMAC-SHA256), at least 16
 *     characters; set the same one on every instance. Default: one generated once and kept in
 *     &lt;directory&gt;/.link-secret.
 * @param publicBaseUrl salesbot's public address as people's phones reach it, e.g.
 *     https://bot.example.com; links on deal cards start with it. Default: none (relative links,
 *     fine for the sandbox only).
 * @param linkValidity How long a download link shown on a deal card works. Default 24h.
 * @param locationWindow A photo's watermark place is the sender's latest location message received
 *     at most this long before it (WeCom sends no location with a picture), else 位置未知; 0 turns this
 *     off. Default 30m.
 */
@ConfigurationProperties("salesbot.evidence")
public record EvidenceProperties(
    @Nullable String directory,
    @DefaultValue("20MB") DataSize maxFileSize,
    @DefaultValue({
          "image/*",
          "application/pdf",
          "application/msword",
          "application/vnd.openxmlformats-officedocument.*",
          "application/vnd.ms-excel",
          "application/vnd.ms-powerpoint",
          "application/vnd.ms-works",
          "text/plain",
          "text/csv",
          "audio/amr"
        })
        List<String> allowedTypes,
    @Nullable String linkSecret,
    @DefaultValue("") String publicBaseUrl,
    @DefaultValue("24h") Duration linkValidity,
    @DefaultValue("30m") Duration locationWindow) {}
