package io.salesbot.adapter.redis;

import io.salesbot.core.kernel.domain.InboundEvent;
import io.salesbot.core.kernel.domain.Priority;

/** Key names, all under one prefix. */
final class Keys {
  private final String prefix;

  Keys(String prefix) {
    this.prefix = prefix;
  }

  String lane(Priority priority) {
    return prefix + ":in:" + priority.lane();
  }

  String hot() {
    return lane(Priority.HOT);
  }

  String normal() {
    return lane(Priority.NORMAL);
  }

  /** Lead submissions go to the lane of their priority; everything else to hot (a person waits). */
  String laneOf(InboundEvent event) {
    if (event instanceof InboundEvent.LeadSubmitted lead) {
      return lane(lead.submission().priority());
    }
    return hot();
  }

  String outbox(String platform) {
    return prefix + ":out:" + platform;
  }

  /** Commands put aside until a time: a sorted set scored by not-before (epoch ms). */
  String waiting(String platform) {
    return prefix + ":wait:" + platform;
  }

  /** The last not-before given to a command for one set of recipients (spreads them out). */
  String waitingLine(String platform, String recipientsHash) {
    return prefix + ":wait-line:" + platform + ":" + recipientsHash;
  }

  /** A send-budget bucket (Bucket4j's state). */
  String budget(String key) {
    return prefix + ":budget:" + key;
  }

  String dead() {
    return prefix + ":dead";
  }

  String seen(String eventId) {
    return prefix + ":seen:" + eventId;
  }

  /** Whether a dead letter may be replayed into this stream: only our own lanes and outboxes. */
  boolean isOwnStream(String stream) {
    return stream.equals(hot())
        || stream.equals(normal())
        || (stream.startsWith(prefix + ":out:") && stream.length() > (prefix + ":out:").length());
  }
}
