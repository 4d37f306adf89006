package io.salesbot.adapter.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.codec.StringCodec;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class Utf8CodecTest {
  private static final List<String> TEXTS =
      List.of(
          "",
          "salesbot:in:normal",
          "上海某制造有限公司",
          "张三 13812345678 想了解价格",
          "emoji 😀 and 𠀀",
          "unpaired \uD83D surrogate",
          "trailing high \uD800",
          "lone low \uDC00 in the middle");

  @Test
  void writesTheBytesLettucesUtf8CodecWritesAndSaysTheirExactSize() {
    for (String text : TEXTS) {
      ByteBuf ours = Unpooled.buffer();
      ByteBuf lettuces = Unpooled.buffer();
      Utf8Codec.INSTANCE.encodeValue(text, ours);
      StringCodec.UTF8.encodeValue(text, lettuces);
      Utf8Codec.INSTANCE.encodeKey(text, ours);
      StringCodec.UTF8.encodeKey(text, lettuces);

      assertThat(ByteBufUtil.getBytes(ours)).as(text).isEqualTo(ByteBufUtil.getBytes(lettuces));
      assertThat(Utf8Codec.INSTANCE.estimateSize(text) * 2)
          .as(text)
          .isEqualTo(ours.readableBytes());
    }
    assertThat(Utf8Codec.INSTANCE.isEstimateExact()).isTrue();
  }

  @Test
  void decodesAsLettucesUtf8Codec() {
    for (String text : TEXTS) {
      assertThat(Utf8Codec.INSTANCE.decodeValue(StringCodec.UTF8.encodeValue(text)))
          .isEqualTo(StringCodec.UTF8.decodeValue(StringCodec.UTF8.encodeValue(text)));
      assertThat(Utf8Codec.INSTANCE.decodeKey(Utf8Codec.INSTANCE.encodeKey(text)))
          .isEqualTo(StringCodec.UTF8.decodeKey(StringCodec.UTF8.encodeKey(text)));
    }
  }
}
