package io.salesbot.adapter.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The opaque key a card button carries on WeCom and DingTalk: {@code s1.<base64url(id "\n" … id
 * "\n" payload)>}, so that a click maps back to its card action without a look-up. The ids (card
 * id, action) must be non-empty and free of line breaks; the payload may hold anything.
 */
public final class ButtonKeys {
  private static final String PREFIX = "s1.";

  private ButtonKeys() {}

  /**
   * The key for {@code ids} (e.g. card id and action, the action last) followed by {@code payload}.
   *
   * @param maxChars the platform's limit on a key
   * @param limit how the platform's limit reads in the refusal, e.g. "a card callback"
   * @throws IllegalArgumentException when an id holds a line break, or the key would be longer than
   *     {@code maxChars}
   */
  public static String encode(int maxChars, String limit, String payload, String... ids) {
    StringBuilder text = new StringBuilder();
    for (String id : ids) {
      if (id.indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a card id or action must not contain a line break");
      }
      text.append(id).append('\n');
    }
    text.append(payload);
    String action = ids.length == 0 ? "" : ids[ids.length - 1];
    String key =
        PREFIX
            + Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    if (key.length() > maxChars) {
      throw new IllegalArgumentException(
          "the button of action '" + action + "' carries too long a payload for " + limit);
    }
    return key;
  }

  /**
   * The {@code count} fields (the ids, then the payload) of a key made by {@link #encode}; empty
   * when {@code key} is not one, has an empty id, or is longer than {@code maxChars}.
   */
  public static Optional<List<String>> decode(String key, int count, int maxChars) {
    if (!key.startsWith(PREFIX) || key.length() > maxChars) {
      return Optional.empty();
    }
    String text;
    try {
      text =
          new String(
              Base64.getUrlDecoder().decode(key.substring(PREFIX.length())),
              StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String[] fields = new String[count];
    int from = 0;
    for (int i = 0; i < count - 1; i++) {
      int nl = text.indexOf('\n', from);
      if (nl <= from) {
        return Optional.empty();
      }
      fields[i] = text.substring(from, nl);
      from = nl + 1;
    }
    fields[count - 1] = text.substring(from);
    return Optional.of(Arrays.asList(fields));
  }
}
