package io.salesbot.adapter.sms.aliyun;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach Aliyun SMS, validated by the server (which names the property) before it gets here.
 *
 * @param accessKeyId the RAM user's AccessKey ID
 * @param accessKeySecret its AccessKey secret, which signs every request
 * @param signName the approved SMS signature (短信签名), shown as 【signName】
 * @param endpoint {@code https://dysmsapi.aliyuncs.com} in production; WireMock in tests
 * @param callTimeout connect and answer timeout of one call
 */
public record AliyunSmsSettings(
    String accessKeyId,
    String accessKeySecret,
    String signName,
    URI endpoint,
    Duration callTimeout) {
  public static final URI DEFAULT_ENDPOINT = URI.create("https://dysmsapi.aliyuncs.com");

  public AliyunSmsSettings {
    Objects.requireNonNull(accessKeyId, "accessKeyId");
    Objects.requireNonNull(accessKeySecret, "accessKeySecret");
    Objects.requireNonNull(signName, "signName");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(callTimeout, "callTimeout");
  }

  @Override
  public String toString() {
    return "AliyunSmsSettings[accessKeyId="
        + accessKeyId
        + ", signName="
        + signName
        + ", endpoint="
        + endpoint
        + "]";
  }
}
