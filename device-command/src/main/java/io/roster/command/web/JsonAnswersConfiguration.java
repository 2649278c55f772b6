package io.roster.command.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.List;

/** Puts {@link SizedJsonConverter} where Spring's Jackson converter was, with the application's ObjectMapper. */
@Configuration(proxyBeanMethods = false)
class JsonAnswersConfiguration implements WebMvcConfigurer {

    private final ObjectMapper mapper;

    JsonAnswersConfiguration(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    @Override
    public void extendMessageConverters(List<HttpMessageConverter<?>> converters) {
        converters.replaceAll(c -> c instanceof MappingJackson2HttpMessageConverter ? new SizedJsonConverter(mapper) : c);
    }
}
