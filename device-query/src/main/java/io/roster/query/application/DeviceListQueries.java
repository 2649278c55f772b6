package io.roster.query.application;

import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.UnknownProductException;
import io.roster.query.domain.CrossRegionFilter;
import io.roster.query.domain.Device;
import io.roster.query.domain.DeviceFilter;
import io.roster.query.domain.Product;

/** The questions device-query answers about products and their device lists. */
public class DeviceListQueries {

    private final DeviceListReadModel readModel;

    public DeviceListQueries(DeviceListReadModel readModel) {
        this.readModel = readModel;
    }

    public Product product(String productKey) {
        return readModel.findProduct(productKey).orElseThrow(() -> new UnknownProductException(productKey));
    }

    public Page<Device> devices(String productKey, DeviceFilter filter, PageRequest page) {
        product(productKey);
        return readModel.findDevices(productKey, filter, page);
    }

    /** A page of the region's cross-region device list. */
    public Page<Device> crossRegionDevices(CrossRegionFilter filter, PageRequest page) {
        return readModel.findCrossRegionDevices(filter, page);
    }

    /** A device in its product's list; a deleted one is as unknown as one never added. */
    public Device device(String productKey, String deviceKey) {
        return readModel.findDevice(productKey, deviceKey)
                .filter(device -> !device.deleted())
                .orElseThrow(() -> new UnknownDeviceException(productKey, deviceKey));
    }
}
