package io.roster.contract;

/** Network protocol a product's devices speak. Static authentication is offered only for MQTT and LwM2M. */
public enum Protocol {
    MQTT, LWM2M, HTTP, COAP;

    public boolean acceptsStaticDevices() {
        return this == MQTT || this == LWM2M;
    }
}
