package io.roster.query.adapter.in.web;

import io.roster.contract.readside.Page;
import io.roster.query.domain.Device;

import java.util.List;

/**
 * One page of the region's cross-region device list, sorted by product key and device key; {@code total} counts
 * the matching devices.
 */
public record CrossRegionDevicePageResponse(List<CrossRegionDeviceResponse> items, int page, int size, long total) {

    static CrossRegionDevicePageResponse of(Page<Device> page) {
        Page<CrossRegionDeviceResponse> mapped = page.map(CrossRegionDeviceResponse::of);
        return new CrossRegionDevicePageResponse(mapped.items(), mapped.page(), mapped.size(), mapped.total());
    }
}
