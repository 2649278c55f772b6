package io.roster.command.lifecycle.application;

import io.roster.command.lifecycle.application.IdempotencyStore.Lease;
import io.roster.command.lifecycle.domain.AddDevicesCommand;
import io.roster.command.lifecycle.domain.AdditionOutcome;
import io.roster.command.lifecycle.domain.DeviceAddition;
import io.roster.command.lifecycle.domain.DeviceExistsException;
import io.roster.command.lifecycle.domain.GrantActivationCodesCommand;
import org.axonframework.commandhandling.CommandMessage;
import org.axonframework.commandhandling.GenericCommandMessage;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which requests' keys a command marks committed: its own request's, or each applied addition's of a batch. */
class CommitMarksTest {

    private static final Lease A = new Lease("caller|a", "1");
    private static final Lease B = new Lease("caller|b", "2");
    private static final Lease C = new Lease("caller|c", "3");

    @Test
    void aCommandOfOneRequestShouldMarkThatRequestsKey() {
        CommandMessage<?> grant = GenericCommandMessage.asCommandMessage(new GrantActivationCodesCommand("pk", 5))
                .andMetaData(Map.of(RequestLeases.LEASE, A));

        assertThat(CommitMarks.applied(grant, 10L)).containsExactly(A);
    }

    @Test
    void aCommandWithoutALeaseShouldMarkNothing() {
        CommandMessage<?> grant = GenericCommandMessage.asCommandMessage(new GrantActivationCodesCommand("pk", 5));

        assertThat(CommitMarks.applied(grant, 10L)).isEmpty();
    }

    @Test
    void aBatchShouldMarkOnlyTheKeysOfTheAdditionsThatWereApplied() {
        List<Lease> leases = Arrays.asList(A, null, B, C);
        CommandMessage<?> batch = GenericCommandMessage.asCommandMessage(new AddDevicesCommand("pk", List.of()))
                .andMetaData(RequestLeases.forAdditions(leases));
        DeviceAddition added = new DeviceAddition(true, 3);
        List<AdditionOutcome> outcomes = List.of(new AdditionOutcome(added, null), new AdditionOutcome(added, null),
                new AdditionOutcome(null, new DeviceExistsException("pk", "b")), new AdditionOutcome(added, null));

        assertThat(CommitMarks.applied(batch, outcomes)).containsExactly(A, C);
    }

    @Test
    void aBatchOfAdditionsWithoutLeasesShouldCarryNoMetaData() {
        assertThat(RequestLeases.forAdditions(Arrays.asList(null, null))).isEmpty();
    }
}
