package io.salesbot.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** salesbot: chat-native sales operations for WeCom and DingTalk. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SalesbotApplication {
  public static void main(String[] args) {
    SpringApplication.run(SalesbotApplication.class, args);
  }
}
