package io.roster.query;

import org.springframework.boot.test.context.SpringBootTest;

/** {@link DeviceQueryScenarios} against the embedded Kafka broker and MongoDB-wire server. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DeviceQueryIT extends DeviceQueryScenarios implements EmbeddedStack {
}
