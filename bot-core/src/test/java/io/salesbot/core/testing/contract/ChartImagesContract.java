package io.salesbot.core.testing.contract;

import static io.salesbot.core.testing.contract.ContractFixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.kernel.ChartImages;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The behaviour of {@link ChartImages} that the reports and {@code GET /charts/{id}.png} rely on:
 * what was stored is served byte for byte, the first copy wins, and a week-old image is purged by
 * the next one stored.
 */
public abstract class ChartImagesContract {
  private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, (byte) 0xff};
  private static final byte[] OTHER = {(byte) 0x89, 'P', 'N', 'G', 9};

  /** An empty store; called once per test. */
  protected abstract ChartImages chartImages();

  private ChartImages images;

  private synchronized ChartImages store() {
    if (images == null) {
      images = chartImages();
    }
    return images;
  }

  @Test
  public void a_stored_image_is_found_byte_for_byte_and_an_unknown_id_is_empty() {
    store().put("a1", PNG, T0).block();

    assertThat(store().find("a1").block()).isEqualTo(PNG);
    assertThat(store().find("b2").block()).isNull();
  }

  @Test
  public void storing_an_id_again_keeps_the_first_image() {
    store().put("a1", PNG, T0).block();
    store().put("a1", OTHER, T0.plusSeconds(5)).block();

    assertThat(store().find("a1").block()).isEqualTo(PNG);
  }

  @Test
  public void storing_an_image_purges_those_stored_more_than_seven_days_before_it() {
    assertThat(ChartImages.KEPT).isEqualTo(Duration.ofDays(7));
    store().put("old", PNG, T0).block();
    store().put("week", PNG, T0.plusSeconds(1)).block();
    store().put("recent", PNG, T0.plus(Duration.ofDays(3))).block();

    store().put("new", OTHER, T0.plusSeconds(1).plus(ChartImages.KEPT)).block();

    assertThat(store().find("old").block()).as("stored a week and a second before").isNull();
    assertThat(store().find("week").block()).as("stored exactly a week before").isEqualTo(PNG);
    assertThat(store().find("recent").block()).isEqualTo(PNG);
    assertThat(store().find("new").block()).isEqualTo(OTHER);
  }

  @Test
  public void an_image_stored_late_with_an_earlier_time_purges_nothing_newer() {
    store().put("recent", PNG, T0.plus(Duration.ofDays(10))).block();

    store().put("late", OTHER, T0).block();

    assertThat(store().find("recent").block()).isEqualTo(PNG);
    assertThat(store().find("late").block()).isEqualTo(OTHER);
  }
}
