package io.salesbot.core.testing;

import io.salesbot.core.sms.SmsSender;
import io.salesbot.core.sms.domain.SmsMessage;
import io.salesbot.core.sms.domain.SmsResult;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import reactor.core.publisher.Mono;

/**
 * An {@link SmsSender} that records every message and answers what it was told to ({@link
 * SmsResult.Sent} by default); {@link #failing} makes it signal an error instead.
 */
public final class RecordingSmsSender implements SmsSender {
  private final List<SmsMessage> sent = new CopyOnWriteArrayList<>();
  private volatile SmsResult answer = new SmsResult.Sent("biz-1");
  private volatile boolean failing;

  @Override
  public Mono<SmsResult> send(SmsMessage message) {
    sent.add(message);
    return failing
        ? Mono.error(new java.io.IOException("provider unreachable"))
        : Mono.just(answer);
  }

  /** Every message asked for, in order (also those answered "later" or "refused"). */
  public List<SmsMessage> sent() {
    return List.copyOf(sent);
  }

  public void answer(SmsResult answer) {
    this.answer = answer;
    this.failing = false;
  }

  public void failing() {
    this.failing = true;
  }
}
