package io.roster.contract.event;

/** An event about one device of a product's device list. */
public sealed interface DeviceEvent extends RosterEvent permits DeviceAdded, DeviceDeleted, DeviceActivated,
        DeviceSecretIssued, SecretReset, FingerprintPinned, FingerprintReset, DeviceCrossRegionEnabled,
        DeviceCrossRegionDisabled, CrossRegionProposalRejected, CrossRegionDeviceReplicated, CrossRegionDeviceRemoved,
        CrossRegionDeviceConnected, CrossRegionSecretIssued, CrossRegionFingerprintPinned {

    String deviceKey();
}
