package io.roster.command.lifecycle.domain;

import io.roster.contract.AuthType;
import io.roster.contract.EncryptedSecret;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import io.roster.contract.event.ActivationCodesGranted;
import io.roster.contract.event.CaCertificateUploaded;
import io.roster.contract.event.CaCertificateVerified;
import io.roster.contract.event.DeviceActivated;
import io.roster.contract.event.DeviceAdded;
import io.roster.contract.event.DeviceDeleted;
import io.roster.contract.event.DeviceSecretIssued;
import io.roster.contract.event.FingerprintPinned;
import io.roster.contract.event.FingerprintReset;
import io.roster.contract.event.ProductCreated;
import io.roster.contract.event.SecretReset;
import io.roster.contract.event.SecretsReEncrypted;
import org.axonframework.test.aggregate.AggregateTestFixture;
import org.hamcrest.Description;
import org.hamcrest.Matcher;
import org.hamcrest.TypeSafeMatcher;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Objects;

import static org.hamcrest.Matchers.contains;

class ProductTest {

    private static final String PK = "pk1";
    private static final EncryptedSecret SECRET = new EncryptedSecret("k1", "c2VjcmV0");

    private AggregateTestFixture<Product> fixture;
    private final FoldedDeviceRecords records = new FoldedDeviceRecords();

    @BeforeEach
    void setUp() {
        fixture = new AggregateTestFixture<>(Product.class);
        fixture.registerInjectableResource(records);
    }

    /** The product's history, given to the aggregate and to its device records. */
    private org.axonframework.test.aggregate.TestExecutor<Product> given(Object... events) {
        return fixture.given(records.history(events));
    }

    private static ProductCreated created(Protocol protocol) {
        return new ProductCreated(PK, "Meter", protocol, NodeType.DIRECT, SECRET);
    }

    private static DeviceAdded added(String dk, boolean charged, long available) {
        return new DeviceAdded(PK, dk, AuthType.DYNAMIC, null, false, null, null, charged, available);
    }

    private static AddDeviceCommand add(String dk) {
        return new AddDeviceCommand(PK, new NewDevice(dk, AuthType.DYNAMIC, null, false, null, null));
    }

    @Test
    void createShouldPublishProductCreated() {
        given()
                .when(new CreateProductCommand(PK, "Meter", Protocol.MQTT, NodeType.DIRECT, SECRET))
                .expectEvents(created(Protocol.MQTT));
    }

    @Test
    void grantShouldAddToGrantedAndAvailable() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4))
                .when(new GrantActivationCodesCommand(PK, 3))
                .expectEvents(new ActivationCodesGranted(PK, 3, 8, 7))
                .expectResultMessagePayload(7L);
    }

    @Test
    void readingTheCodesShouldApplyNothingAndNameTheLastEventTheyInclude() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4),
                new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true), added("d2", true, 3),
                new DeviceDeleted(PK, "d2", true, false, 4))
                .when(new ReadActivationCodesCommand(PK))
                .expectNoEvents()
                .expectResultMessagePayload(new ActivationCodes(5, 4, 5));
    }

    @Test
    void addShouldTakeOneCode() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 2, 2, 2))
                .when(add("d1"))
                .expectEvents(added("d1", true, 1))
                .expectResultMessagePayload(new DeviceAddition(true, 1));
    }

    @Test
    void batchedAddsShouldEachBeDecidedAsIfAloneAndOnlyTheAddedOnesRecorded() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 2, 2, 2), added("d0", true, 1))
                .when(new AddDevicesCommand(PK, List.of(add("d1"), add("d0"), add("d1"), add("d2"),
                        new AddDeviceCommand(PK, new NewDevice("s1", AuthType.STATIC, null, false, SECRET, null)))))
                .expectEvents(added("d1", true, 0))
                .expectResultMessagePayloadMatching(contains(
                        outcome(new DeviceAddition(true, 0), null),
                        outcome(null, DeviceExistsException.class),
                        outcome(null, DeviceExistsException.class),
                        outcome(null, QuotaExhaustedException.class),
                        outcome(null, QuotaExhaustedException.class)));
    }

    @Test
    void batchedAddsShouldBeRefusedForAProtocolWithoutStaticDevicesOneByOne() {
        given(created(Protocol.HTTP), new ActivationCodesGranted(PK, 5, 5, 5))
                .when(new AddDevicesCommand(PK, List.of(
                        new AddDeviceCommand(PK, new NewDevice("s1", AuthType.STATIC, null, false, SECRET, null)),
                        add("d1"))))
                .expectEvents(added("d1", true, 4))
                .expectResultMessagePayloadMatching(contains(
                        outcome(null, StaticAuthNotSupportedException.class),
                        outcome(new DeviceAddition(true, 4), null)));
    }

    private static Matcher<AdditionOutcome> outcome(DeviceAddition addition,
                                                                 Class<? extends DomainException> refusal) {
        return new TypeSafeMatcher<>() {
            @Override
            protected boolean matchesSafely(AdditionOutcome o) {
                return Objects.equals(o.addition(), addition)
                        && (refusal == null ? o.refusal() == null : refusal.isInstance(o.refusal()));
            }

            @Override
            public void describeTo(Description d) {
                d.appendText(addition != null ? "added " + addition : "refused with " + refusal.getSimpleName());
            }
        };
    }

    @Test
    void addShouldFailWhenQuotaExhausted() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0))
                .when(add("d2"))
                .expectNoEvents()
                .expectException(QuotaExhaustedException.class)
                .expectExceptionMessage(org.hamcrest.Matchers.containsString("0 available"));
    }

    @Test
    void addShouldFailWhenNoCodeWasEverGranted() {
        given(created(Protocol.MQTT))
                .when(add("d1"))
                .expectNoEvents()
                .expectException(QuotaExhaustedException.class);
    }

    @Test
    void addShouldFailWhenDeviceIsAlreadyListed() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4))
                .when(add("d1"))
                .expectNoEvents()
                .expectException(DeviceExistsException.class);
    }

    @Test
    void staticAddShouldFailForHttpProducts() {
        given(created(Protocol.HTTP), new ActivationCodesGranted(PK, 5, 5, 5))
                .when(new AddDeviceCommand(PK, new NewDevice("d1", AuthType.STATIC, null, false, SECRET, null)))
                .expectNoEvents()
                .expectException(StaticAuthNotSupportedException.class);
    }

    @Test
    void staticAddShouldSucceedForLwm2mProducts() {
        given(created(Protocol.LWM2M), new ActivationCodesGranted(PK, 5, 5, 5))
                .when(new AddDeviceCommand(PK, new NewDevice("d1", AuthType.STATIC, "SN1", true, SECRET, null)))
                .expectEvents(new DeviceAdded(PK, "d1", AuthType.STATIC, "SN1", true, SECRET, null, true, 4));
    }

    @Test
    void deleteOfNeverActivatedDeviceShouldRefundItsCode() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0))
                .when(new DeleteDeviceCommand(PK, "d1"))
                .expectEvents(new DeviceDeleted(PK, "d1", true, false, 1))
                .expectResultMessagePayload(new DeviceDeletion(true, 1));
    }

    @Test
    void deleteOfActivatedDeviceShouldRefundNothing() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0),
                        new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true))
                .when(new DeleteDeviceCommand(PK, "d1"))
                .expectEvents(new DeviceDeleted(PK, "d1", false, true, 0));
    }

    @Test
    void readdOfOnceActivatedDeviceShouldTakeNoCode() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0),
                        new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true), new DeviceDeleted(PK, "d1", false, true, 0))
                .when(add("d1"))
                .expectEvents(added("d1", false, 0));
    }

    @Test
    void deleteOfReaddedActivatedDeviceShouldRefundNothing() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0),
                        new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true), new DeviceDeleted(PK, "d1", false, true, 0),
                        added("d1", false, 0))
                .when(new DeleteDeviceCommand(PK, "d1"))
                .expectEvents(new DeviceDeleted(PK, "d1", false, true, 0));
    }

    @Test
    void readdOfNeverActivatedDeviceShouldTakeACodeAgain() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0),
                        new DeviceDeleted(PK, "d1", true, false, 1))
                .when(add("d1"))
                .expectEvents(added("d1", true, 0));
    }

    @Test
    void deleteOfUnknownDeviceShouldFail() {
        given(created(Protocol.MQTT))
                .when(new DeleteDeviceCommand(PK, "nope"))
                .expectNoEvents()
                .expectException(UnknownDeviceException.class);
    }

    private static DeviceAdded addedStatic(String dk, long available) {
        return new DeviceAdded(PK, dk, AuthType.STATIC, null, false, SECRET, null, true, available);
    }

    private static DeviceAdded addedX509(String dk, String fingerprint) {
        return new DeviceAdded(PK, dk, AuthType.X509, null, false, null, fingerprint, true, 4);
    }

    @Test
    void firstActivationShouldConsumeTheCodeAndLaterOnesNothing() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4))
                .when(new ActivateDeviceCommand(PK, "d1"))
                .expectEvents(new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true))
                .expectResultMessagePayload(true);
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4),
                        new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true))
                .when(new ActivateDeviceCommand(PK, "d1"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void readdedDeviceShouldActivateWithoutConsumingACode() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0),
                        new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true), new DeviceDeleted(PK, "d1", false, true, 0),
                        added("d1", false, 0))
                .when(new ActivateDeviceCommand(PK, "d1"))
                .expectEvents(new DeviceActivated(PK, "d1", AuthType.DYNAMIC, false))
                .expectResultMessagePayload(true);
    }

    @Test
    void readdedDeviceShouldBeActivatedOnlyOnce() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 1, 1, 1), added("d1", true, 0),
                        new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true), new DeviceDeleted(PK, "d1", false, true, 0),
                        added("d1", false, 0), new DeviceActivated(PK, "d1", AuthType.DYNAMIC, false))
                .when(new ActivateDeviceCommand(PK, "d1"))
                .expectNoEvents()
                .expectResultMessagePayload(false);
    }

    @Test
    void reEncryptionShouldOnlyListDevicesStillListedAndRecordNothingWhenNoneIs() {
        EncryptedSecret moved = new EncryptedSecret("k2", "bW92ZWQ=");
        given(created(Protocol.LWM2M), new ActivationCodesGranted(PK, 5, 5, 5), addedStatic("s1", 4))
                .when(new ReEncryptSecretsCommand(PK, "k2", null, java.util.Map.of("s1", moved, "gone", moved), null))
                .expectEvents(new SecretsReEncrypted(PK, "k2", null, java.util.Map.of("s1", moved)));
        given(created(Protocol.LWM2M), new ActivationCodesGranted(PK, 5, 5, 5), addedStatic("s1", 4))
                .when(new ReEncryptSecretsCommand(PK, "k2", null, java.util.Map.of("gone", moved), null))
                .expectNoEvents();
    }

    @Test
    void registrationShouldIssueTheSecretAndActivate() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4))
                .when(new IssueDeviceSecretCommand(PK, "d1", SECRET))
                .expectEvents(new DeviceSecretIssued(PK, "d1", SECRET), new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true));
    }

    @Test
    void secondRegistrationShouldFailUntilTheSecretIsReset() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4),
                        new DeviceSecretIssued(PK, "d1", SECRET), new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true))
                .when(new IssueDeviceSecretCommand(PK, "d1", SECRET))
                .expectNoEvents()
                .expectException(AlreadyRegisteredException.class);
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), added("d1", true, 4),
                        new DeviceSecretIssued(PK, "d1", SECRET), new DeviceActivated(PK, "d1", AuthType.DYNAMIC, true),
                        new SecretReset(PK, "d1", AuthType.DYNAMIC, null))
                .when(new IssueDeviceSecretCommand(PK, "d1", SECRET))
                .expectEvents(new DeviceSecretIssued(PK, "d1", SECRET));
    }

    @Test
    void staticResetShouldCarryTheNewSecretAndNeedAConnectionFirst() {
        EncryptedSecret fresh = new EncryptedSecret("k1", "bmV3");
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), addedStatic("s1", 4))
                .when(new ResetSecretCommand(PK, "s1", fresh))
                .expectNoEvents()
                .expectException(DeviceNotConnectedException.class);
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), addedStatic("s1", 4),
                        new DeviceActivated(PK, "s1", AuthType.STATIC, true))
                .when(new ResetSecretCommand(PK, "s1", fresh))
                .expectEvents(new SecretReset(PK, "s1", AuthType.STATIC, fresh))
                .expectResultMessagePayload(AuthType.STATIC);
    }

    @Test
    void firstCertificateShouldBePinnedAndAnotherRefused() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), addedX509("x1", null))
                .when(new PinFingerprintCommand(PK, "x1", "aa"))
                .expectEvents(new FingerprintPinned(PK, "x1", "aa"));
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), addedX509("x1", "aa"))
                .when(new PinFingerprintCommand(PK, "x1", "bb"))
                .expectNoEvents()
                .expectException(FingerprintConflictException.class);
    }

    @Test
    void fingerprintResetShouldRevokeTheOldOne() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), addedX509("x1", null),
                        new FingerprintPinned(PK, "x1", "aa"), new DeviceActivated(PK, "x1", AuthType.X509, true))
                .when(new ResetFingerprintCommand(PK, "x1"))
                .expectEvents(new FingerprintReset(PK, "x1", "aa"));
    }

    @Test
    void secretResetOfAnX509DeviceShouldBeRefused() {
        given(created(Protocol.MQTT), new ActivationCodesGranted(PK, 5, 5, 5), addedX509("x1", null))
                .when(new ResetSecretCommand(PK, "x1", SECRET))
                .expectNoEvents()
                .expectException(WrongAuthTypeException.class);
    }

    @Test
    void caCertificateShouldBeVerifiedOnceAndUploadedOnce() {
        java.time.Instant notAfter = java.time.Instant.parse("2030-01-01T00:00:00Z");
        CaCertificateUploaded uploaded = new CaCertificateUploaded(PK, "ca-1", "PEM", "CN=CA", "fp", notAfter, "code");
        given(created(Protocol.MQTT))
                .when(new UploadCaCertificateCommand(PK, "ca-1", "PEM", "CN=CA", "fp", notAfter, "code"))
                .expectEvents(uploaded);
        given(created(Protocol.MQTT), uploaded)
                .when(new UploadCaCertificateCommand(PK, "ca-2", "PEM", "CN=CA", "fp", notAfter, "code2"))
                .expectException(CaExistsException.class);
        given(created(Protocol.MQTT), uploaded)
                .when(new VerifyCaCertificateCommand(PK, "ca-1"))
                .expectEvents(new CaCertificateVerified(PK, "ca-1"));
        given(created(Protocol.MQTT), uploaded, new CaCertificateVerified(PK, "ca-1"))
                .when(new VerifyCaCertificateCommand(PK, "ca-1"))
                .expectNoEvents();
        given(created(Protocol.MQTT))
                .when(new VerifyCaCertificateCommand(PK, "nope"))
                .expectException(UnknownCaException.class);
    }
}
