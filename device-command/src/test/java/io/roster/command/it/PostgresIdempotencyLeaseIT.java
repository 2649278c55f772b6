package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.command.application.IdempotencyStore;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With PostgreSQL the committed mark is written in the command's own transaction. */
@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(PostgresIdempotencyLeaseIT.FailingStore.class)
@ActiveProfiles("postgres")
class PostgresIdempotencyLeaseIT extends IdempotencyLeaseContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_pg_lease_it");
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FailingStore {
        @Bean
        @Primary
        IdempotencyStore failingIdempotencyStore(JdbcTemplate jdbc) {
            return new FailingJdbcIdempotencyStore(jdbc, FAILURES);
        }
    }
}
