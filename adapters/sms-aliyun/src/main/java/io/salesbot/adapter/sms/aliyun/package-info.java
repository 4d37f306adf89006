/** Aliyun SMS (阿里云短信服务): welcome SMS sent through the signed RPC API {@code SendSms}. */
@NullMarked
package io.salesbot.adapter.sms.aliyun;

import org.jspecify.annotations.NullMarked;
