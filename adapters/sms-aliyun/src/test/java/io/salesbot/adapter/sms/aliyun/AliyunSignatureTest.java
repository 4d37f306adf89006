package io.salesbot.adapter.sms.aliyun;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The signature against the worked example of Aliyun's SMS documentation ("HTTP 协议及签名",
 * help.aliyun.com document 56189, as reproduced in several public SDKs and tests): parameters,
 * string to sign and signature.
 */
class AliyunSignatureTest {
  static final Map<String, String> DOC_EXAMPLE =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("AccessKeyId", "testId"),
              Map.entry("Action", "SendSms"),
              Map.entry("Format", "XML"),
              Map.entry("OutId", "123"),
              Map.entry("PhoneNumbers", "15300000001"),
              Map.entry("RegionId", "cn-hangzhou"),
              Map.entry("SignName", "阿里云短信测试专用"),
              Map.entry("SignatureMethod", "HMAC-SHA1"),
              Map.entry("SignatureNonce", "45e25e9b-0a6f-4070-8c85-2956eda1b466"),
              Map.entry("SignatureVersion", "1.0"),
              Map.entry("TemplateCode", "SMS_71390007"),
              Map.entry("TemplateParam", "{\"customer\":\"test\"}"),
              Map.entry("Timestamp", "2017-07-12T02:42:19Z"),
              Map.entry("Version", "2017-05-25")));

  @Test
  void signs_the_documented_example_as_documented() {
    assertThat(AliyunSignature.stringToSign(DOC_EXAMPLE))
        .isEqualTo(
            "GET&%2F&AccessKeyId%3DtestId%26Action%3DSendSms%26Format%3DXML%26OutId%3D123"
                + "%26PhoneNumbers%3D15300000001%26RegionId%3Dcn-hangzhou%26SignName%3D"
                + "%25E9%2598%25BF%25E9%2587%258C%25E4%25BA%2591%25E7%259F%25AD%25E4%25BF%25A1"
                + "%25E6%25B5%258B%25E8%25AF%2595%25E4%25B8%2593%25E7%2594%25A8"
                + "%26SignatureMethod%3DHMAC-SHA1"
                + "%26SignatureNonce%3D45e25e9b-0a6f-4070-8c85-2956eda1b466"
                + "%26SignatureVersion%3D1.0%26TemplateCode%3DSMS_71390007"
                + "%26TemplateParam%3D%257B%2522customer%2522%253A%2522test%2522%257D"
                + "%26Timestamp%3D2017-07-12T02%253A42%253A19Z%26Version%3D2017-05-25");
    assertThat(AliyunSignature.sign(DOC_EXAMPLE, "testSecret"))
        .isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  }

  @Test
  void percent_encodes_by_rfc_3986_on_utf_8() {
    assertThat(AliyunSignature.percentEncode("a b*c~d+e/f:g")).isEqualTo("a%20b%2Ac~d%2Be%2Ff%3Ag");
    assertThat(AliyunSignature.percentEncode("短")).isEqualTo("%E7%9F%AD");
    assertThat(AliyunSignature.percentEncode("A-Z_a.z0~9")).isEqualTo("A-Z_a.z0~9");
  }

  @Test
  void leaves_a_signature_parameter_out_of_what_it_signs() {
    Map<String, String> withSignature = new TreeMap<>(DOC_EXAMPLE);
    withSignature.put("Signature", "anything");
    assertThat(AliyunSignature.sign(withSignature, "testSecret"))
        .isEqualTo("zJDF+Lrzhj/ThnlvIToysFRq6t4=");
  }
}
