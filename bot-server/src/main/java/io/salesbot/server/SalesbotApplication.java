package io.salesbot.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** salesbot: chat-native sales operations for WeCom and DingTalk. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SalesbotApplication {
  static {
    // Before anything reactive starts: no stack trace for an error that arrives after its caller.
    io.salesbot.server.config.DroppedErrors.install();
  }

  public static void main(String[] args) {
    SpringApplication.run(SalesbotApplication.class, args);
  }
}
