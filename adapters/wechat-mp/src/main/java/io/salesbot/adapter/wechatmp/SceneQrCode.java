package io.salesbot.adapter.wechatmp;

import org.jspecify.annotations.Nullable;

/**
 * A scene QR code created for a campaign.
 *
 * @param url the link the QR code encodes
 * @param imageUrl where the QR code's picture can be downloaded ({@code showqrcode?ticket=..})
 * @param expireSeconds how long a temporary code lives; null for a permanent one
 */
public record SceneQrCode(
    String scene,
    String ticket,
    @Nullable String url,
    String imageUrl,
    @Nullable Integer expireSeconds) {}
