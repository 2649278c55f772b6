package io.roster.query.adapter.out.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import io.roster.contract.DeviceId;
import io.roster.contract.Keys;
import io.roster.contract.readside.Page;
import io.roster.contract.readside.PageRequest;
import io.roster.contract.readside.mongo.MongoPages;
import io.roster.query.application.DeviceListReadModel;
import io.roster.query.domain.CrossRegionFilter;
import io.roster.query.domain.Device;
import io.roster.query.domain.DeviceFilter;
import io.roster.query.domain.Product;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static io.roster.query.adapter.out.mongo.DeviceListDocuments.*;

/**
 * Reads the device list read model; list queries match the {@code devices_by_product*} indexes, the cross-region
 * list the {@code cross_region_devices*} ones.
 */
public class MongoDeviceListReadModel implements DeviceListReadModel {

    private final MongoCollection<Document> products;
    private final MongoCollection<Document> devices;

    public MongoDeviceListReadModel(MongoDatabase database) {
        this.products = database.getCollection(PRODUCTS);
        this.devices = database.getCollection(DEVICES);
    }

    @Override
    public Optional<Product> findProduct(String productKey) {
        return Optional.ofNullable(products.find(Filters.eq(ID, productKey)).first()).map(DeviceListDocuments::product);
    }

    @Override
    public Page<Device> findDevices(String productKey, DeviceFilter filter, PageRequest page) {
        List<Bson> criteria = new ArrayList<>(List.of(Filters.eq(PRODUCT_KEY, productKey), Filters.eq(DELETED, false)));
        if (filter.status() != null) {
            criteria.add(Filters.eq(STATUS, filter.status().name()));
        }
        if (filter.authType() != null) {
            criteria.add(Filters.eq(AUTH_TYPE, filter.authType().name()));
        }
        if (filter.crossRegion() != null) {
            criteria.add(Filters.eq(CROSS_REGION, filter.crossRegion()));
        }
        return MongoPages.find(devices, Filters.and(criteria), Sorts.ascending(DEVICE_KEY), page,
                DeviceListDocuments::device);
    }

    @Override
    public Page<Device> findCrossRegionDevices(CrossRegionFilter filter, PageRequest page) {
        List<Bson> criteria = new ArrayList<>(List.of(Filters.eq(CROSS_REGION_LISTED, true)));
        if (filter.homeRegion() != null) {
            criteria.add(Filters.eq(HOME_REGION, filter.homeRegion()));
        }
        if (filter.productKey() != null) {
            criteria.add(Filters.eq(PRODUCT_KEY, filter.productKey()));
        }
        return MongoPages.find(devices, Filters.and(criteria), Sorts.ascending(PRODUCT_KEY, DEVICE_KEY), page,
                DeviceListDocuments::device);
    }

    @Override
    public Optional<Device> findDevice(String productKey, String deviceKey) {
        if (!Keys.valid(productKey) || !Keys.valid(deviceKey)) {
            return Optional.empty(); // no device is named so: every key in the list passed the rule when it was added
        }
        return Optional.ofNullable(devices.find(Filters.eq(ID, new DeviceId(productKey, deviceKey).asString())).first())
                .map(DeviceListDocuments::device);
    }

    @Override
    public void forEachProduct(Consumer<Product> action) {
        products.find().sort(Sorts.ascending(ID)).map(DeviceListDocuments::product).forEach(action);
    }

    @Override
    public void forEachDevice(Consumer<Device> action) {
        devices.find().sort(Sorts.ascending(ID)).map(DeviceListDocuments::device).forEach(action);
    }
}
