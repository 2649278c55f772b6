package io.roster.command;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** device-command: products, device lists and activation codes, event-sourced with Axon. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class CommandApplication {

    public static void main(String[] args) {
        System.setProperty("axoniq.update-checker.disabled", "true");
        SpringApplication.run(CommandApplication.class, args);
    }
}
