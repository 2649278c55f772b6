package io.roster.contract.event;

import io.roster.contract.EncryptedSecret;
import org.axonframework.serialization.Revision;

/**
 * In a visiting region: a dynamic cross-region device of another region registered here and was issued this secret.
 * It travels home, which takes it unless it holds another (docs/multi-region.md, "Conflict rule").
 *
 * @param homeSequence the home sequence of the copy the registration was decided on
 */
@Revision("1")
public record CrossRegionSecretIssued(String productKey, String deviceKey, String homeRegion, long homeSequence,
                                      EncryptedSecret deviceSecret) implements DeviceEvent {
}
