package io.salesbot.core.kernel.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A platform-neutral chart: what to draw, not how. Core builds it (a funnel as bars, dwell per
 * stage, a KPI's trend by week); a {@link io.salesbot.core.kernel.ChartRenderer} turns it into an
 * image, and the caller sends the figures as text when there is no image.
 *
 * <p>Each series has one value per category, in the categories' order. A chart with no categories
 * (or no series) is valid and {@link #isEmpty() empty}: a renderer draws it as "no data" rather
 * than failing, because an empty period is an answer, not an error.
 *
 * @param title shown above the chart; 1 to {@value #MAX_TITLE} characters
 * @param kind how the values are drawn
 * @param categories the labels along the category axis (stages, weeks); distinct, each 1 to {@value
 *     #MAX_LABEL} characters, at most {@value #MAX_CATEGORIES}
 * @param series the named rows of values, at most {@value #MAX_SERIES}, names distinct
 * @param categoryAxisTitle the category axis's title, or null for none
 * @param valueAxisTitle the value axis's title, or null for none
 * @param unit appended to the values where they are printed ({@code 天}, {@code %}), or null
 */
public record Chart(
    String title,
    Kind kind,
    List<String> categories,
    List<Series> series,
    @Nullable String categoryAxisTitle,
    @Nullable String valueAxisTitle,
    @Nullable String unit) {

  public static final int MAX_TITLE = 60;
  public static final int MAX_LABEL = 30;
  public static final int MAX_CATEGORIES = 60;
  public static final int MAX_SERIES = 8;

  /** How the values are drawn. */
  public enum Kind {
    /** Vertical bars, one group per category (a funnel by stage). */
    BAR,
    /** Horizontal bars, one group per category; for long labels (dwell per stage). */
    HORIZONTAL_BAR,
    /** Lines through the categories in order (a KPI by week). */
    LINE
  }

  /**
   * One named row of values, one per category.
   *
   * @param name the legend's label; 1 to {@value Chart#MAX_LABEL} characters
   * @param values finite numbers
   */
  public record Series(String name, List<Double> values) {
    public Series {
      name = label(name, "series name");
      values = List.copyOf(values);
      for (Double value : values) {
        if (!Double.isFinite(value)) {
          throw new IllegalArgumentException(
              "series '" + name + "' has a value that is not a finite number: " + value);
        }
      }
    }

    /** A series of the given values. */
    public static Series of(String name, double... values) {
      return new Series(name, Arrays.stream(values).boxed().toList());
    }
  }

  public Chart {
    Objects.requireNonNull(kind, "kind");
    title = text(title, "title", MAX_TITLE);
    categories = categories.stream().map(category -> label(category, "category")).toList();
    series = List.copyOf(series);
    categoryAxisTitle = optional(categoryAxisTitle, "categoryAxisTitle");
    valueAxisTitle = optional(valueAxisTitle, "valueAxisTitle");
    unit = optional(unit, "unit");
    if (categories.size() > MAX_CATEGORIES) {
      throw new IllegalArgumentException(
          "a chart has at most " + MAX_CATEGORIES + " categories, got " + categories.size());
    }
    if (series.size() > MAX_SERIES) {
      throw new IllegalArgumentException(
          "a chart has at most " + MAX_SERIES + " series, got " + series.size());
    }
    Set<String> seen = new HashSet<>();
    for (String category : categories) {
      if (!seen.add(category)) {
        throw new IllegalArgumentException("category '" + category + "' appears twice");
      }
    }
    Set<String> names = new HashSet<>();
    for (Series row : series) {
      if (!names.add(row.name())) {
        throw new IllegalArgumentException("series '" + row.name() + "' appears twice");
      }
      if (row.values().size() != categories.size()) {
        throw new IllegalArgumentException(
            "series '"
                + row.name()
                + "' has "
                + row.values().size()
                + " values for "
                + categories.size()
                + " categories");
      }
    }
  }

  /** A chart without axis titles or unit. */
  public static Chart of(String title, Kind kind, List<String> categories, List<Series> series) {
    return new Chart(title, kind, categories, series, null, null, null);
  }

  /** A copy with these axis titles (null for none). */
  public Chart withAxisTitles(@Nullable String categoryAxis, @Nullable String valueAxis) {
    return new Chart(title, kind, categories, series, categoryAxis, valueAxis, unit);
  }

  /** A copy whose values are printed with this unit (null for none). */
  public Chart withUnit(@Nullable String newUnit) {
    return new Chart(title, kind, categories, series, categoryAxisTitle, valueAxisTitle, newUnit);
  }

  /** True when there is nothing to plot: no categories or no series. */
  public boolean isEmpty() {
    return categories.isEmpty() || series.isEmpty();
  }

  /**
   * Every piece of text the chart shows: title, axis titles, unit, categories, series names. A
   * renderer checks its font can draw each of them.
   */
  public List<String> texts() {
    List<String> texts = new ArrayList<>();
    texts.add(title);
    if (categoryAxisTitle != null) {
      texts.add(categoryAxisTitle);
    }
    if (valueAxisTitle != null) {
      texts.add(valueAxisTitle);
    }
    if (unit != null) {
      texts.add(unit);
    }
    texts.addAll(categories);
    series.forEach(row -> texts.add(row.name()));
    return List.copyOf(texts);
  }

  private static String label(String value, String what) {
    return text(value, what, MAX_LABEL);
  }

  private static String text(String value, String what, int max) {
    Objects.requireNonNull(value, what);
    String trimmed = value.strip();
    if (trimmed.isEmpty() || trimmed.length() > max) {
      throw new IllegalArgumentException(
          what + " must be 1 to " + max + " characters, got '" + value + "'");
    }
    if (trimmed.chars().anyMatch(Character::isISOControl)) {
      throw new IllegalArgumentException(what + " must be one line without control characters");
    }
    return trimmed;
  }

  private static @Nullable String optional(@Nullable String value, String what) {
    return value == null || value.isBlank() ? null : text(value, what, MAX_TITLE);
  }
}
