package io.roster.contract.security;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.DefaultBearerTokenResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HeaderBearerTokenResolverTest {

    private final HeaderBearerTokenResolver resolver = new HeaderBearerTokenResolver();
    private final DefaultBearerTokenResolver spring = new DefaultBearerTokenResolver();

    private static MockHttpServletRequest withAuthorization(String value) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        if (value != null) {
            request.addHeader("Authorization", value);
        }
        return request;
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln-_~+/", "bearer abc==", "BEARER a.b.c"})
    void shouldResolveWellFormedTokensAsSpringDoes(String header) {
        assertThat(resolver.resolve(withAuthorization(header))).isEqualTo(spring.resolve(withAuthorization(header)))
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Basic dXNlcjpwYXNz", "Token abc", "Digest bearer"})
    void shouldIgnoreOtherSchemesAsSpringDoes(String header) {
        assertThat(resolver.resolve(withAuthorization(header))).isNull();
        assertThat(spring.resolve(withAuthorization(header))).isNull();
    }

    @Test
    void shouldResolveNothingWithoutTheHeader() {
        assertThat(resolver.resolve(withAuthorization(null))).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearerabc", "Bearer ", "Bearer a b", "Bearer ab=c", "Bearer =", "Bearer a\"b", "Bearer ä"})
    void shouldRefuseMalformedTokensAsSpringDoes(String header) {
        assertThatThrownBy(() -> resolver.resolve(withAuthorization(header))).isInstanceOf(OAuth2AuthenticationException.class);
        assertThatThrownBy(() -> spring.resolve(withAuthorization(header))).isInstanceOf(OAuth2AuthenticationException.class);
    }
}
