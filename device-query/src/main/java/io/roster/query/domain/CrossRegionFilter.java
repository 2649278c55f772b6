package io.roster.query.domain;

/** Which devices of the region's cross-region device list to show; a null criterion matches every device. */
public record CrossRegionFilter(String productKey, String homeRegion) {
}
