package io.roster.contract.event;

/**
 * Every event Roster publishes. All events of one product (and so of each of its devices) come from
 * one aggregate and share its sequence, which is why {@link #productKey()} is the Kafka record key.
 */
public sealed interface RosterEvent permits ProductEvent, DeviceEvent {

    String productKey();
}
