package io.roster.devstack.infra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SharedInfraIT {

    @Test
    void everyCallShouldReturnTheSameRunningServer() {
        assertThat(SharedInfra.kafka()).isSameAs(SharedInfra.kafka());
        assertThat(SharedInfra.postgres()).isSameAs(SharedInfra.postgres());
        assertThat(SharedInfra.mongo()).isSameAs(SharedInfra.mongo());
        assertThat(FreePorts.isFree(SharedInfra.mongo().port())).isFalse();
    }
}
