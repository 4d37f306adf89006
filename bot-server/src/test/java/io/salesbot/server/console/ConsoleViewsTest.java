package io.salesbot.server.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The console's wording exists in both languages, key for key. */
class ConsoleViewsTest {
  private final ConsoleViews views = new ConsoleViews();

  @Test
  void chinese_and_english_have_the_same_keys_and_no_empty_message() {
    assertThat(views.messages("en").keySet())
        .containsExactlyInAnyOrderElementsOf(views.messages("zh-CN").keySet());
    assertThat(views.messages("zh-CN").values()).noneMatch(String::isBlank);
    assertThat(views.messages("en").values()).noneMatch(String::isBlank);
  }

  @Test
  void every_page_has_a_title_in_both_languages() {
    for (String page : new String[] {"login", "home", "emulator"}) {
      assertThat(views.message("zh-CN", page + "_title")).isNotBlank();
      assertThat(views.message("en", page + "_title")).isNotBlank();
    }
  }
}
