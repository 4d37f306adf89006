package io.salesbot.adapter.wecom;

import java.nio.file.Path;

/**
 * Re-records the encrypted callback files under {@code src/test/resources/payloads/wecom} from
 * their plaintexts (a tool, not a test). Run from {@code adapters/wecom} with the test classpath,
 * e.g. from the IDE.
 */
public final class RegeneratePayloads {
  private RegeneratePayloads() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("src/test/resources/payloads/wecom");
    int n = 0;
    for (String[] f : PayloadFilesTest.FILES) {
      n++;
      Payloads.write(
          dir, f[1], Payloads.encrypt(Payloads.plain(f[0]), f[2], Payloads.SIGNED_AT, "nonce" + n));
    }
    System.out.println("wrote " + n + " payload files to " + dir.toAbsolutePath());
  }
}
