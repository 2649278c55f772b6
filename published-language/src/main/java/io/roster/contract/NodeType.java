package io.roster.contract;

/** Whether a product's devices connect directly, act as gateways, or sit behind a gateway. */
public enum NodeType {
    DIRECT, GATEWAY, SUB_DEVICE
}
