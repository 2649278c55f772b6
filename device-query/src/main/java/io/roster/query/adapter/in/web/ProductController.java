package io.roster.query.adapter.in.web;

import io.roster.contract.AuthType;
import io.roster.contract.DeviceStatus;
import io.roster.contract.readside.PageRequest;
import io.roster.query.application.DeviceListQueries;
import io.roster.query.domain.DeviceFilter;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Products and their device lists as the read model knows them (eventually consistent with device-command). */
@Tag(name = "device list")
@RestController
@RequestMapping("/api/v1/products/{productKey}")
class ProductController {

    private final DeviceListQueries queries;

    ProductController(DeviceListQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "A product with its activation codes granted, in use and available")
    @GetMapping
    ProductResponse product(@PathVariable String productKey) {
        return ProductResponse.of(queries.product(productKey));
    }

    @Operation(summary = "A page of the product's device list, sorted by device key")
    @GetMapping("/devices")
    DevicePageResponse devices(@PathVariable String productKey,
                               @RequestParam(defaultValue = "0") @Min(0) @Max(PageRequest.MAX_PAGE) int page,
                               @RequestParam(defaultValue = "20") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
                               @RequestParam(required = false) DeviceStatus status,
                               @RequestParam(required = false) AuthType authType,
                               @RequestParam(required = false) Boolean crossRegion) {
        return DevicePageResponse.of(queries.devices(productKey, new DeviceFilter(status, authType, crossRegion),
                new PageRequest(page, size)));
    }

    @Operation(summary = "A device of the product's list; never its secret")
    @GetMapping("/devices/{deviceKey}")
    DeviceResponse device(@PathVariable String productKey, @PathVariable String deviceKey) {
        return DeviceResponse.of(queries.device(productKey, deviceKey));
    }
}
