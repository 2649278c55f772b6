package io.roster.contract.web;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.util.Map;

/**
 * Defaults every service's HTTP API shares, below any configuration of the service or its deployment. The APIs take
 * JSON only, so nothing parses a body before a controller: no multipart parsing (a multipart request to a JSON
 * endpoint is a 415) and no form-body parsing of PUT, PATCH and DELETE requests (an undecodable form body failed
 * every such request before authentication). docs/operations.md lists them.
 */
public class WebDefaults implements EnvironmentPostProcessor {

    static final String NAME = "rosterWebDefaults";

    private static final Map<String, Object> DEFAULTS = Map.of(
            "spring.servlet.multipart.enabled", "false",
            "spring.mvc.formcontent.filter.enabled", "false");

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(NAME, DEFAULTS));
    }
}
