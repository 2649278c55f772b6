package io.roster.query.adapter.in.web;

import io.roster.contract.Keys;
import io.roster.contract.readside.PageRequest;
import io.roster.query.application.DeviceListQueries;
import io.roster.query.domain.CrossRegionFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The region's cross-region device list: its own devices on the list and the copies of other regions' ones
 * (docs/multi-region.md), as the read model knows them.
 */
@Tag(name = "cross-region device list")
@RestController
@RequestMapping("/api/v1/cross-region")
class CrossRegionController {

    private final DeviceListQueries queries;

    CrossRegionController(DeviceListQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "A page of the cross-region device list, sorted by product key and device key; never a secret")
    @GetMapping("/devices")
    CrossRegionDevicePageResponse devices(
            @RequestParam(required = false) @Pattern(regexp = Keys.PATTERN, message = Keys.RULE) String productKey,
            @RequestParam(required = false) @Pattern(regexp = Keys.PATTERN, message = Keys.RULE) String homeRegion,
            @RequestParam(defaultValue = "0") @Min(0) @Max(PageRequest.MAX_PAGE) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(PageRequest.MAX_SIZE) int size) {
        return CrossRegionDevicePageResponse.of(queries.crossRegionDevices(new CrossRegionFilter(productKey, homeRegion),
                new PageRequest(page, size)));
    }
}
