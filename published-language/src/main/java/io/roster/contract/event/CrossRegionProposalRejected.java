package io.roster.contract.event;

import org.axonframework.serialization.Revision;

/**
 * In the device's home region: a credential that a visiting region issued or pinned for it was not taken, because
 * the home region holds another one or changed the device since the visiting region last heard of it. The home
 * region's state stands; this event makes every region take it again (docs/multi-region.md, "Conflict rule").
 *
 * @param fromRegion the visiting region that proposed it
 * @param proposal   {@code DEVICE_SECRET} or {@code CERTIFICATE_FINGERPRINT}
 * @param reason     why, for operators; never a secret
 */
@Revision("1")
public record CrossRegionProposalRejected(String productKey, String deviceKey, String fromRegion, String proposal,
                                          String reason) implements DeviceEvent {
}
