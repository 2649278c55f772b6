package io.roster.ledger;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import java.time.Duration;

/**
 * activation-ledger's own settings under {@code roster.ledger} (docs/operations.md).
 *
 * @param rebuildOnStart clear the ledger and read the topic again from its start once this instance is up: the
 *                       {@code --rebuild} command-line flag sets it
 */
@Validated
@ConfigurationProperties("roster.ledger")
record LedgerProperties(boolean rebuildOnStart, @Valid @NotNull Reconciliation reconciliation) {

    /**
     * @param commandUrl  device-command's base URL; reconciliation is off while it is empty
     * @param tokenFile   a file holding the ledger's bearer token for device-command (role {@code ledger})
     * @param interval    time between scheduled runs
     * @param catchUpWait how long a run waits for the ledger to reach a product's position on the command side
     * @param timeout     how long one call to device-command may take
     */
    record Reconciliation(String commandUrl, String tokenFile, @NotNull Duration interval,
                          @NotNull Duration catchUpWait, @NotNull Duration timeout) {

        boolean enabled() {
            return commandUrl != null && !commandUrl.isBlank();
        }
    }
}
