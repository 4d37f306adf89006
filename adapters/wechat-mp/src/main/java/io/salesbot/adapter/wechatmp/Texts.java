package io.salesbot.adapter.wechatmp;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;

/** The adapter's wording ({@code texts.properties}, zh-CN, UTF-8) and the form page template. */
final class Texts {
  private static final Properties TEXTS = load("texts.properties");
  static final String FORM_TEMPLATE = resource("form.html");
  static final String PAGE_TEMPLATE = resource("page.html");

  private Texts() {}

  static String get(String key, Object... args) {
    String pattern = TEXTS.getProperty(key);
    if (pattern == null) {
      throw new IllegalArgumentException("no text " + key);
    }
    return args.length == 0 ? pattern : new MessageFormat(pattern, Locale.CHINA).format(args);
  }

  private static Properties load(String name) {
    Properties p = new Properties();
    try (InputStream in = open(name)) {
      p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return p;
  }

  private static String resource(String name) {
    try (InputStream in = open(name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InputStream open(String name) {
    InputStream in = Texts.class.getResourceAsStream(name);
    if (in == null) {
      throw new IllegalStateException("resource missing: " + name);
    }
    return in;
  }

  /** Escapes text for HTML element content and quoted attribute values. */
  static String html(String s) {
    StringBuilder b = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
