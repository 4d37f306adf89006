package io.salesbot.server.config;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binds a configuration record the way start-up does, from properties written as in a file. */
public final class BoundProperties {
  private BoundProperties() {}

  /**
   * {@code type} bound from {@code values}, whose keys are relative to {@code prefix} (e.g. {@code
   * apps.1000002.secret} under {@code salesbot.wecom}).
   */
  public static <T> T bind(String prefix, Class<T> type, Map<String, String> values) {
    Map<String, String> full = new LinkedHashMap<>();
    values.forEach((k, v) -> full.put(prefix + "." + k, v));
    return new Binder(new MapConfigurationPropertySource(full)).bindOrCreate(prefix, type);
  }
}
