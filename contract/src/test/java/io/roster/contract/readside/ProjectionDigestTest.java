package io.roster.contract.readside;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionDigestTest {

    @Test
    void sameContentGivesSameDigestAndCounts() {
        ProjectionDigest.Digest a = new ProjectionDigest("products").add("products", "pk", 3L, Instant.EPOCH).finish();
        ProjectionDigest.Digest b = new ProjectionDigest("products").add("products", "pk", 3L, Instant.EPOCH).finish();

        assertThat(a).isEqualTo(b);
        assertThat(a.value()).hasSize(64);
        assertThat(a.counts()).containsEntry("products", 1L);
    }

    @Test
    void valuesCannotRunIntoEachOther() {
        String ab = new ProjectionDigest().add("k", "a|1:b").finish().value();
        String split = new ProjectionDigest().add("k", "a", "b").finish().value();
        String nulls = new ProjectionDigest().add("k", (Object) null).finish().value();
        String tilde = new ProjectionDigest().add("k", "~").finish().value();

        assertThat(ab).isNotEqualTo(split);
        assertThat(nulls).isNotEqualTo(tilde);
    }

    @Test
    void kindsWithoutRecordsAreCountedAsZero() {
        assertThat(new ProjectionDigest("products", "devices").finish().counts())
                .containsExactly(java.util.Map.entry("products", 0L), java.util.Map.entry("devices", 0L));
    }
}
