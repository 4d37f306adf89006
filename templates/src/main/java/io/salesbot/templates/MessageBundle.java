package io.salesbot.templates;

import java.text.MessageFormat;
import java.util.Enumeration;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * The wording of salesbot's cards and replies for one locale, read from {@code
 * io/salesbot/templates/messages*.properties} (UTF-8). zh-CN is the default and the fallback.
 */
public final class MessageBundle {
  static final String BASE_NAME = "io.salesbot.templates.messages";

  private final ResourceBundle bundle;
  private final Locale locale;

  private MessageBundle(ResourceBundle bundle, Locale locale) {
    this.bundle = bundle;
    this.locale = locale;
  }

  /** The bundle for a locale; anything but English falls back to zh-CN. */
  public static MessageBundle forLocale(Locale locale) {
    ResourceBundle.Control noDefaultLocale =
        ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
    return new MessageBundle(
        ResourceBundle.getBundle(
            BASE_NAME, locale, MessageBundle.class.getClassLoader(), noDefaultLocale),
        locale);
  }

  /** The bundle for a language tag such as {@code zh-CN} or {@code en}. */
  public static MessageBundle forTag(String languageTag) {
    return forLocale(Locale.forLanguageTag(languageTag));
  }

  public Locale locale() {
    return locale;
  }

  /**
   * The text for {@code key} with {@code args} filled in.
   *
   * @throws MissingResourceException when the key does not exist (a programming error)
   */
  public String format(String key, Object... args) {
    String pattern = bundle.getString(key);
    return args.length == 0
        ? pattern.replace("''", "'")
        : new MessageFormat(pattern, locale).format(args);
  }

  /** All keys this bundle answers. */
  public Set<String> keys() {
    Set<String> keys = new TreeSet<>();
    Enumeration<String> e = bundle.getKeys();
    while (e.hasMoreElements()) {
      keys.add(e.nextElement());
    }
    return keys;
  }
}
