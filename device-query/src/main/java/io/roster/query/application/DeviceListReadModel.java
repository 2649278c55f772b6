package io.roster.query.application;

import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.query.domain.CrossRegionFilter;
import io.roster.query.domain.Device;
import io.roster.query.domain.DeviceFilter;
import io.roster.query.domain.Product;

import java.util.Optional;
import java.util.function.Consumer;

/** Reads the device list read model (the outgoing port its store implements). */
public interface DeviceListReadModel {

    Optional<Product> findProduct(String productKey);

    /** Devices of a product that are in its list (no tombstones), sorted by device key. */
    Page<Device> findDevices(String productKey, DeviceFilter filter, PageRequest page);

    /**
     * Devices on the region's cross-region device list: its own cross-region devices and the copies of other
     * regions' ones, sorted by product key and device key.
     */
    Page<Device> findCrossRegionDevices(CrossRegionFilter filter, PageRequest page);

    /** A device as stored, tombstone included. */
    Optional<Device> findDevice(String productKey, String deviceKey);

    /** Every product, sorted by product key. */
    void forEachProduct(Consumer<Product> action);

    /** Every device including tombstones, in a stable order (by product key and device key). */
    void forEachDevice(Consumer<Device> action);
}
