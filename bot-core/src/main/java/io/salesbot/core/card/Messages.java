package io.salesbot.core.card;

/**
 * Wording for cards and replies, looked up by key from the message bundles in {@code templates/}
 * (zh-CN by default). Arguments fill {@code {0}}, {@code {1}}, ... placeholders.
 */
@FunctionalInterface
public interface Messages {
  String get(String key, Object... args);
}
