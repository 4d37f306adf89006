package io.salesbot.server.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Unmodifiable copies for the bound configuration records, keeping the configured order (the first
 * app sends, the first matching rule wins).
 */
public final class Immutable {
  private Immutable() {}

  public static <V> Map<String, V> map(@Nullable Map<String, V> map) {
    return map == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  public static <T> List<T> list(@Nullable List<T> list) {
    return list == null ? List.of() : Collections.unmodifiableList(new java.util.ArrayList<>(list));
  }
}
