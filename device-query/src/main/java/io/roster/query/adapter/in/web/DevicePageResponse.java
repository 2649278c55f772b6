package io.roster.query.adapter.in.web;

import io.roster.contract.readside.Page;
import io.roster.query.domain.Device;

import java.util.List;

/** One page of a product's device list, sorted by device key; {@code total} counts the matching devices. */
public record DevicePageResponse(List<DeviceResponse> items, int page, int size, long total) {

    static DevicePageResponse of(Page<Device> page) {
        Page<DeviceResponse> mapped = page.map(DeviceResponse::of);
        return new DevicePageResponse(mapped.items(), mapped.page(), mapped.size(), mapped.total());
    }
}
