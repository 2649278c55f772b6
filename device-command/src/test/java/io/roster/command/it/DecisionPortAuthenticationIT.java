package io.roster.command.it;

import io.roster.command.auth.adapter.in.netty.DecisionServer;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every decision of {@link DeviceAuthenticationIT} — each mode, activation, resets, replays, rate limits, malformed
 * bodies, the EMQX hook — asked on the decision port instead of the API port, with the same answers expected.
 * Registrations and commands still go to the API port.
 */
class DecisionPortAuthenticationIT extends DeviceAuthenticationIT {

    @Autowired
    DecisionServer decisionServer;

    @Override
    String decisionsBase() {
        return "http://localhost:" + decisionServer.port();
    }
}
