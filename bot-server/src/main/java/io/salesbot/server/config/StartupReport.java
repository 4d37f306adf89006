package io.salesbot.server.config;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Logs where salesbot listens and, in try-out mode, a copy-paste command that submits a demo lead.
 */
@Component
class StartupReport implements ApplicationListener<ApplicationReadyEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(StartupReport.class);

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    Environment env = event.getApplicationContext().getEnvironment();
    String port = env.getProperty("local.server.port", env.getProperty("server.port", "8080"));
    boolean loopbackOnly =
        env.getProperty(
            io.salesbot.server.devservices.DevServicesEnvironmentPostProcessor.LOOPBACK_ONLY,
            Boolean.class,
            false);
    String base = (loopbackOnly ? "http://127.0.0.1:" : "http://localhost:") + port;
    StringBuilder b = new StringBuilder();
    b.append("\n\n  salesbot is up at ").append(base).append('\n');
    b.append("  health:   ").append(base).append("/actuator/health\n");
    b.append("  API docs: ").append(base).append("/v3/api-docs\n");
    String address = env.getProperty("server.address");
    boolean loopback = DemoDataEnvironmentPostProcessor.loopback(address);
    if (loopbackOnly) {
      b.append("  Try-out mode listens on 127.0.0.1 only. To open it to the network, start with\n")
          .append("  --server.address=0.0.0.0 (the sandbox then answers anyone who reaches it).\n");
    } else if (address == null || !loopback) {
      b.append("  listening on ")
          .append(address == null ? "all interfaces" : address)
          .append(SandboxSwitch.enabled(env) ? "; the sandbox answers anyone who reaches it" : "")
          .append('\n');
    }
    if (env.getProperty("salesbot.demo.active", Boolean.class, false)) {
      b.append("  sandbox:  ").append(base).append("/sandbox/users\n\n");
      b.append("  Submit a signed demo lead (copy and paste into a shell):\n\n");
      b.append(
              // The phone is made up in the shell: a literal mobile number would be masked here.
              "    phone=\"138$(date +%s | tail -c 9)\"; body='{\"name\":\"王先生\",\"phone\":\"'$phone'\",\"company\":\"上海某某制造\",\"region\":\"华东\",\"product\":\"CRM\"}'; ")
          .append("t=$(date +%s); ")
          .append(
              "sig=$(printf '%s' \"$t.$body\" | openssl dgst -sha256 -hmac demo-secret | sed 's/^.*= //'); ")
          .append("curl -s -X POST ")
          .append(base)
          .append("/api/v1/leads ")
          .append("-H 'Content-Type: application/json' -H 'X-Salesbot-Source: demo' ")
          .append("-H \"X-Salesbot-Signature: t=$t,v1=$sig\" -d \"$body\"; echo\n\n");
      b.append("  Then see the card:  curl -s ")
          .append(base)
          .append("/sandbox/users/zhangsan/inbox\n");
      b.append("  Or run ./scripts/demo-lead.sh (it does the same).\n");
      if (loopback) {
        b.append("  A lead and its history (demo-admin-token is a try-out convenience, accepted")
            .append(" while salesbot listens on 127.0.0.1 only):\n    curl -s -H 'Authorization:")
            .append(" Bearer demo-admin-token' ")
            .append(base)
            .append("/api/v1/leads/<intakeId>\n");
      }
    }
    LOG.info(b.toString());
  }
}
