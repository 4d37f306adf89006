package io.salesbot.core.testing;

import io.salesbot.core.kernel.Messages;
import java.util.Arrays;
import java.util.stream.Collectors;

/** {@link Messages} that answer the key and its arguments, so tests can assert wording choices. */
public final class EchoMessages implements Messages {
  @Override
  public String get(String key, Object... args) {
    return args.length == 0
        ? key
        : key + Arrays.stream(args).map(String::valueOf).collect(Collectors.joining(",", "(", ")"));
  }
}
