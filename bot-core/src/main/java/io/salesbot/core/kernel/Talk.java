package io.salesbot.core.kernel;

import java.time.Clock;

/**
 * What almost every use case needs to talk to people: the wording, the outbox for replies and
 * messages, and the time. One parameter instead of three.
 */
public record Talk(Messages messages, Replies replies, Clock clock) {}
