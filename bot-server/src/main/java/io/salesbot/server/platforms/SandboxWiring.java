package io.salesbot.server.platforms;

import io.salesbot.adapter.sandbox.SandboxAdapterConfiguration;
import io.salesbot.core.kernel.InboundQueue;
import io.salesbot.core.platform.ChatPlatform;
import io.salesbot.core.stage.EvidenceFiles;
import io.salesbot.core.team.TeamDirectory;
import io.salesbot.server.config.SandboxSwitch;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

/** The sandbox platform, when on; warns loudly when it is on beside a real platform. */
@Configuration(proxyBeanMethods = false)
@Conditional(SandboxWiring.Enabled.class)
public class SandboxWiring {
  private static final Logger LOG = LoggerFactory.getLogger(SandboxWiring.class);

  /** Matches when {@link SandboxSwitch} says the sandbox is on. */
  static final class Enabled implements Condition {
    @Override
    public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
      return SandboxSwitch.enabled(context.getEnvironment());
    }
  }

  @Bean
  SandboxAdapterConfiguration sandboxAdapter(
      InboundQueue inboundQueue,
      TeamDirectory directory,
      Clock clock,
      Environment env,
      EvidenceFiles evidenceFiles) {
    for (String platform : new String[] {"wecom", "dingtalk", "wechat-mp"}) {
      if (env.getProperty("salesbot." + platform + ".enabled", Boolean.class, false)) {
        LOG.warn(
            "\n**********\nSECURITY: the sandbox platform is ON while the real platform '{}' is on"
                + " too. Anyone who reaches /sandbox can press buttons and type commands as any"
                + " user. Set salesbot.sandbox.enabled=false in production.\n**********",
            platform);
      }
    }
    LOG.info("Sandbox platform is on: try it at /sandbox/users");
    return new SandboxAdapterConfiguration(inboundQueue, directory, clock, evidenceFiles);
  }

  @Bean
  ChatPlatform sandboxPlatform(SandboxAdapterConfiguration sandbox) {
    return sandbox.platform();
  }

  @Bean
  RouterFunction<ServerResponse> sandboxRoutes(SandboxAdapterConfiguration sandbox) {
    return sandbox.routes();
  }
}
