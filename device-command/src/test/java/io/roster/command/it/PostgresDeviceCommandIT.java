package io.roster.command.it;

import io.roster.command.CommandApplication;
import io.roster.devstack.infra.SharedInfra;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

@SpringBootTest(classes = CommandApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("postgres")
class PostgresDeviceCommandIT extends DeviceCommandContractIT {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        TestStack.postgres(registry, "cmd_pg_it");
    }

    @Autowired
    JdbcTemplate jdbc;

    @Override
    boolean streamMaySkipCommits() {
        return false;
    }

    @Override
    String storedEventText(String productKey) {
        return jdbc.query("select payload, metadata from domainevententry where aggregateidentifier = ?",
                        (rs, i) -> new String(rs.getBytes(1), StandardCharsets.UTF_8) + new String(rs.getBytes(2), StandardCharsets.UTF_8),
                        productKey).stream().collect(Collectors.joining("\n"))
                + jdbc.query("select body_cipher from roster_idempotency", (rs, i) -> String.valueOf(rs.getString(1)))
                .stream().collect(Collectors.joining("\n"));
    }
}
