package io.roster.bench;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DeliveryCheckTest {

    private static final Set<String> PRODUCTS = Set.of("p1");

    private static DeliveryCheck check(Set<String> expected, Set<String> uncertain) {
        return new DeliveryCheck(PRODUCTS, expected, uncertain);
    }

    private static void history(DeliveryCheck check) {
        check.accept("e0", "ProductCreated", "p1", 0, "p1", null);
        check.accept("e1", "ActivationCodesGranted", "p1", 1, "p1", null);
    }

    @Test
    void everyAddOnceShouldPass() {
        DeliveryCheck check = check(Set.of("p1/d1", "p1/d2"), Set.of());
        history(check);
        check.accept("x0", "DeviceAdded", "other", 0, "other", "d1");
        check.accept("e2", "DeviceAdded", "p1", 2, "p1", "d1");
        assertThat(check.allExpectedSeen()).isFalse();
        check.accept("e3", "DeviceAdded", "p1", 3, "p1", "d2");

        DeliveryCheck.Result result = check.result();
        assertThat(check.allExpectedSeen()).isTrue();
        assertThat(result.exactlyOnce()).isTrue();
        assertThat(result.records()).isEqualTo(5);
        assertThat(result.devicesSeen()).isEqualTo(2);
        assertThat(result.notes()).isEmpty();
    }

    @Test
    void aRepublishedEventShouldBeCaughtByItsIdAndPosition() {
        DeliveryCheck check = check(Set.of("p1/d1"), Set.of());
        history(check);
        check.accept("e2", "DeviceAdded", "p1", 2, "p1", "d1");
        check.accept("e2", "DeviceAdded", "p1", 2, "p1", "d1");

        DeliveryCheck.Result result = check.result();
        assertThat(result.exactlyOnce()).isFalse();
        assertThat(result.duplicateEventIds()).isEqualTo(1);
        assertThat(result.duplicatePositions()).isEqualTo(1);
        assertThat(result.duplicatedAdds()).isEqualTo(1);
        assertThat(result.notes()).anySatisfy(note -> assertThat(note).contains("e2"));
    }

    @Test
    void aDuplicateOutsideTheRunsProductsShouldStillFail() {
        DeliveryCheck check = check(Set.of(), Set.of());
        check.accept("o1", "DeviceAdded", "older", 7, "older", "d");
        check.accept("o2", "DeviceAdded", "older", 7, "older", "d");

        DeliveryCheck.Result result = check.result();
        assertThat(result.duplicatePositions()).isEqualTo(1);
        assertThat(result.duplicateEventIds()).isZero();
        assertThat(result.exactlyOnce()).isFalse();
    }

    @Test
    void aLostAddShouldShowAsMissingAndAsAGap() {
        DeliveryCheck check = check(Set.of("p1/d1", "p1/d2"), Set.of());
        history(check);
        check.accept("e3", "DeviceAdded", "p1", 3, "p1", "d2");

        DeliveryCheck.Result result = check.result();
        assertThat(result.missing()).isEqualTo(1);
        assertThat(result.sequenceGaps()).isEqualTo(1);
        assertThat(result.exactlyOnce()).isFalse();
        assertThat(result.notes()).contains("no DeviceAdded for p1/d1", "p1 misses sequence number 2");
    }

    @Test
    void anAddNobodyAcknowledgedShouldFailUnlessItsOutcomeWasUncertain() {
        DeliveryCheck strict = check(Set.of(), Set.of());
        history(strict);
        strict.accept("e2", "DeviceAdded", "p1", 2, "p1", "ghost");
        assertThat(strict.result().unexpected()).isEqualTo(1);
        assertThat(strict.result().exactlyOnce()).isFalse();

        DeliveryCheck lenient = check(Set.of(), Set.of("p1/ghost", "p1/never"));
        history(lenient);
        lenient.accept("e2", "DeviceAdded", "p1", 2, "p1", "ghost");
        assertThat(lenient.result().exactlyOnce()).isTrue();
        assertThat(lenient.result().uncertainSeen()).isEqualTo(1);
        assertThat(lenient.result().uncertain()).isEqualTo(2);
    }

    @Test
    void anUndecodableRecordShouldFail() {
        DeliveryCheck check = check(Set.of(), Set.of());
        check.undecodable("offset 3: not JSON");

        assertThat(check.result().undecodable()).isEqualTo(1);
        assertThat(check.result().exactlyOnce()).isFalse();
    }
}
