package io.roster.command.domain;

import io.roster.contract.AuthType;

/** A device as the product aggregate needs to know it to decide; everything else lives in the read models. */
record DeviceEntry(AuthType authType, boolean codeHeld, boolean activated) {
}
