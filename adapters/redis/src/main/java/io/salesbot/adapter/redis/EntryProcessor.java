package io.salesbot.adapter.redis;

import java.util.Map;
import reactor.core.publisher.Mono;

/**
 * Decodes one stream entry and runs its handler. Signals {@link UndecodableEntryException} when the
 * entry cannot be decoded; any other error means the handler failed and the entry is retried.
 */
@FunctionalInterface
interface EntryProcessor {
  Mono<Void> process(Map<String, String> fields);
}
