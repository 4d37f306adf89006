package io.salesbot.adapter.charts;

import java.awt.Font;
import java.awt.FontFormatException;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one font every chart is drawn with: Noto Sans CJK SC, subset to ASCII and GB2312 level 1 (see
 * {@code fonts/NotoSansCJKsc-LICENSE-OFL.txt} beside it), read once from this jar — never a font of
 * the machine, so Chinese labels look the same everywhere, also where no CJK font is installed.
 * Loading it switches AWT to headless mode unless the application chose otherwise.
 */
final class ChartFont {
  static final String RESOURCE = "/fonts/NotoSansCJKsc-Regular-GB2312L1.otf";

  private static final Logger log = LoggerFactory.getLogger(ChartFont.class);

  private ChartFont() {}

  /** The bundled font at size 1, plain; derive sizes and styles from it. */
  static Font base() {
    return Holder.BASE;
  }

  /**
   * Where {@code text} holds a character the bundled font has no glyph for: its index, or -1 when
   * the font draws all of it.
   */
  static int undrawableAt(String text) {
    return base().canDisplayUpTo(text);
  }

  private static final class Holder {
    static final Font BASE = load();
  }

  private static Font load() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    try (InputStream in = ChartFont.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the chart font " + RESOURCE + " is missing from the jar");
      }
      Font font = Font.createFont(Font.TRUETYPE_FONT, in);
      // Registered so that it can also be named; a machine's own font of the same name wins
      // there, which is why charts use this Font object itself and never look it up by name.
      boolean registered = GraphicsEnvironment.getLocalGraphicsEnvironment().registerFont(font);
      log.debug("chart font {} loaded (registered by name: {})", font.getFontName(), registered);
      return font;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the chart font " + RESOURCE, e);
    } catch (FontFormatException e) {
      throw new IllegalStateException("the chart font " + RESOURCE + " is not a valid font", e);
    }
  }
}
