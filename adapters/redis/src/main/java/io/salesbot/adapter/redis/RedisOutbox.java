package io.salesbot.adapter.redis;

import io.salesbot.core.platform.Outbox;
import io.salesbot.core.platform.domain.OutboundCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Appends outbound commands to their platform's stream as fields {@code type}, {@code commandId}
 * (for people and tools looking at the stream) and {@code json} (what the sender reads).
 */
final class RedisOutbox implements Outbox {
  static final String TYPE = "type";
  static final String COMMAND_ID = "commandId";
  static final String JSON = "json";

  private final StreamOps ops;
  private final Set<String> platformsSeen;

  RedisOutbox(StreamOps ops, Set<String> platformsSeen) {
    this.ops = ops;
    this.platformsSeen = platformsSeen;
  }

  @Override
  public Mono<Void> emit(OutboundCommand command) {
    return Mono.defer(
        () -> {
          String platform = command.platform();
          Map<String, String> fields = new LinkedHashMap<>();
          fields.put(TYPE, OutboundCommandJson.typeOf(command));
          fields.put(COMMAND_ID, command.commandId());
          fields.put(JSON, OutboundCommandJson.write(command));
          platformsSeen.add(platform);
          return ops.append(ops.keys().outbox(platform), fields).then();
        });
  }

  /** Decodes an outbox entry; fails with {@link UndecodableEntryException}. */
  static OutboundCommand decode(Map<String, String> fields) {
    String json = fields.get(JSON);
    if (json == null) {
      throw new UndecodableEntryException("outbox entry has no '" + JSON + "' field");
    }
    return OutboundCommandJson.read(json);
  }
}
