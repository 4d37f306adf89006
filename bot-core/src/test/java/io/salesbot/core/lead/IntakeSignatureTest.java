package io.salesbot.core.lead;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class IntakeSignatureTest {
  private static final byte[] BODY = "{\"name\":\"张三\"}".getBytes(StandardCharsets.UTF_8);
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000);

  private IntakeSignature.Check verify(String header) {
    return IntakeSignature.verify(header, BODY, "demo-secret", NOW, IntakeSignature.TOLERANCE);
  }

  @Test
  void accepts_own_signature() {
    assertThat(verify(IntakeSignature.sign("demo-secret", NOW.getEpochSecond(), BODY)))
        .isInstanceOf(IntakeSignature.Check.Valid.class);
  }

  @Test
  void known_vector() {
    // printf '1700000000.{"name":"张三"}' | openssl dgst -sha256 -hmac demo-secret
    assertThat(IntakeSignature.sign("demo-secret", 1_700_000_000L, BODY))
        .isEqualTo(
            "t=1700000000,v1=84df996388ea97793cc9149d2587d79f9108e12c73a20af24fbebbae474b2923");
  }

  @Test
  void rejects_other_secret_other_body_replay_and_garbage() {
    assertThat(verify(IntakeSignature.sign("other", NOW.getEpochSecond(), BODY)))
        .isInstanceOf(IntakeSignature.Check.Invalid.class);
    assertThat(verify(IntakeSignature.sign("demo-secret", NOW.getEpochSecond(), "{}".getBytes())))
        .isInstanceOf(IntakeSignature.Check.Invalid.class);
    assertThat(verify(IntakeSignature.sign("demo-secret", NOW.getEpochSecond() - 301, BODY)))
        .isEqualTo(
            new IntakeSignature.Check.Invalid(
                "signature timestamp is more than 300 s from now (replay?)"));
    assertThat(verify(IntakeSignature.sign("demo-secret", NOW.getEpochSecond() + 299, BODY)))
        .isInstanceOf(IntakeSignature.Check.Valid.class);
    assertThat(verify("v1=abc")).isInstanceOf(IntakeSignature.Check.Invalid.class);
    assertThat(verify("t=x,v1=abc")).isInstanceOf(IntakeSignature.Check.Invalid.class);
    assertThat(verify("t=1700000000,v1=zz")).isInstanceOf(IntakeSignature.Check.Invalid.class);
  }
}
