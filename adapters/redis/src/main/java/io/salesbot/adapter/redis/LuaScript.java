package io.salesbot.adapter.redis;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.reactive.RedisClusterReactiveCommands;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import reactor.core.publisher.Flux;

/** A Lua script run with EVALSHA, falling back to EVAL (which also caches it) on NOSCRIPT. */
final class LuaScript {
  private final String source;
  private final String sha;

  LuaScript(String source) {
    this.source = source;
    this.sha = sha1(source);
  }

  Flux<Object> run(
      RedisClusterReactiveCommands<String, String> redis,
      ScriptOutputType type,
      String[] keys,
      String... args) {
    return redis
        .<Object>evalsha(sha, type, keys, args)
        .onErrorResume(LuaScript::isNoScript, e -> redis.<Object>eval(source, type, keys, args));
  }

  private static boolean isNoScript(Throwable e) {
    return e instanceof RedisNoScriptException
        || (e.getMessage() != null && e.getMessage().startsWith("NOSCRIPT"));
  }

  private static String sha1(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is missing from this JVM", e);
    }
  }
}
