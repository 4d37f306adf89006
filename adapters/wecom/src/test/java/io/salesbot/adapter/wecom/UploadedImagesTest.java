package io.salesbot.adapter.wecom;

import static org.assertj.core.api.Assertions.assertThat;

import io.salesbot.core.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class UploadedImagesTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T08:00:00Z"));
  private final UploadedImages uploaded = new UploadedImages(clock);

  @Test
  void a_media_id_is_reused_for_a_day_and_not_after() {
    uploaded.remember("img-1", "MEDIA-1");
    assertThat(uploaded.mediaId("img-1")).contains("MEDIA-1");
    assertThat(uploaded.mediaId("img-2")).isEmpty();
    clock.advance(UploadedImages.KEPT.minus(Duration.ofSeconds(1)));
    assertThat(uploaded.mediaId("img-1")).contains("MEDIA-1");
    clock.advance(Duration.ofSeconds(1));
    assertThat(uploaded.mediaId("img-1")).isEmpty();
  }

  @Test
  void a_full_memo_drops_what_expired_first_and_never_answers_a_wrong_id() {
    for (int i = 0; i < UploadedImages.MAX; i++) {
      uploaded.remember("old-" + i, "M-" + i);
    }
    clock.advance(UploadedImages.KEPT);
    uploaded.remember("new", "M-new");
    assertThat(uploaded.mediaId("new")).contains("M-new");
    assertThat(uploaded.mediaId("old-1")).isEmpty();
  }
}
