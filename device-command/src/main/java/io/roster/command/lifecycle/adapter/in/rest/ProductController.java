package io.roster.command.lifecycle.adapter.in.rest;

import io.roster.command.lifecycle.application.DeviceListService.AddedDevice;
import io.roster.command.lifecycle.application.DeviceListService.CreatedProduct;
import io.roster.command.lifecycle.application.DeviceListService.DeviceToAdd;
import io.roster.command.lifecycle.application.DeviceListService;
import io.roster.command.lifecycle.domain.ActivationCodes;
import io.roster.command.lifecycle.domain.DeviceDeletion;
import io.roster.command.web.BadRequestException;
import io.roster.contract.AuthType;
import io.roster.contract.Fingerprint;
import io.roster.contract.Keys;
import io.roster.contract.NodeType;
import io.roster.contract.Protocol;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Commands on products and their device lists, and the one read the command side answers itself: a product's
 * activation codes. Input is validated here, before it becomes a command.
 */
@RestController
@RequestMapping(path = "/api/v1/products", produces = "application/json")
class ProductController {

    private final DeviceListService service;

    ProductController(DeviceListService service) {
        this.service = service;
    }

    record CreateProductRequest(
            @NotBlank @Size(max = 64) String name,
            @NotNull Protocol protocol,
            @NotNull NodeType nodeType) {
    }

    record CreateProductResponse(String productKey, String productSecret, String name, Protocol protocol,
                                 NodeType nodeType) {
    }

    record GrantRequest(@NotNull @Min(1) @Max(1_000_000) Integer count) {
    }

    record GrantResponse(String productKey, int granted, long available) {
    }

    record AddDeviceRequest(
            @NotNull @Pattern(regexp = Keys.PATTERN, message = Keys.RULE) String deviceKey,
            @NotNull AuthType authType,
            @Pattern(regexp = "[A-Za-z0-9_-]{1,64}", message = "must be 1-64 characters of A-Z a-z 0-9 _ -") String sn,
            Boolean crossRegion,
            @Pattern(regexp = "[\\x21-\\x7E]{16,128}", message = "must be 16-128 printable ASCII characters without spaces") String deviceSecret,
            @Pattern(regexp = Fingerprint.PATTERN, message = "must be a SHA-256 fingerprint: 64 hex digits, optionally colon-separated") String certificateFingerprint) {
    }

    record AddDeviceResponse(String productKey, String deviceKey, AuthType authType, String deviceSecret,
                             boolean codeCharged, long codesAvailable) {
    }

    record DeleteDeviceResponse(boolean refunded, long codesAvailable) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    CreateProductResponse create(@Valid @RequestBody CreateProductRequest request) {
        CreatedProduct created = service.createProduct(request.name().strip(), request.protocol(), request.nodeType());
        return new CreateProductResponse(created.productKey(), created.productSecret(), request.name().strip(),
                request.protocol(), request.nodeType());
    }

    @PostMapping(path = "/{productKey}/activation-codes", consumes = "application/json")
    GrantResponse grant(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey, @Valid @RequestBody GrantRequest request) {
        long available = service.grantActivationCodes(productKey, request.count());
        return new GrantResponse(productKey, request.count(), available);
    }

    record ActivationCodesResponse(String productKey, long granted, long available, long seq) {
    }

    /** The codes as the product's commands decide with them, and the sequence number of the last event they include. */
    @GetMapping("/{productKey}/activation-codes")
    ActivationCodesResponse activationCodes(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey) {
        ActivationCodes codes = service.activationCodes(productKey);
        return new ActivationCodesResponse(productKey, codes.granted(), codes.available(), codes.seq());
    }

    @PostMapping(path = "/{productKey}/devices", consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    AddDeviceResponse add(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                          @Valid @RequestBody AddDeviceRequest request) {
        if (request.deviceSecret() != null && request.authType() != AuthType.STATIC) {
            throw new BadRequestException("deviceSecret is only accepted for STATIC devices");
        }
        if (request.certificateFingerprint() != null && request.authType() != AuthType.X509) {
            throw new BadRequestException("certificateFingerprint is only accepted for X509 devices");
        }
        String fingerprint = request.certificateFingerprint() == null ? null
                : Fingerprint.parse(request.certificateFingerprint()).orElseThrow().hex();
        AddedDevice added = service.addDevice(productKey, new DeviceToAdd(request.deviceKey(), request.authType(),
                request.sn(), Boolean.TRUE.equals(request.crossRegion()), request.deviceSecret(), fingerprint));
        return new AddDeviceResponse(added.productKey(), added.deviceKey(), added.authType(), added.deviceSecret(),
                added.codeCharged(), added.codesAvailable());
    }

    record SecretResetResponse(String productKey, String deviceKey, AuthType authType, String deviceSecret) {
    }

    record FingerprintResetResponse(String productKey, String deviceKey, String fingerprint) {
    }

    /** Static: a new secret, returned once; dynamic: the device may register again. The old secret stops working now. */
    @PostMapping("/{productKey}/devices/{deviceKey}/secret/reset")
    SecretResetResponse resetSecret(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                                    @PathVariable @Pattern(regexp = Keys.PATTERN) String deviceKey) {
        DeviceListService.SecretResetResult reset = service.resetSecret(productKey, deviceKey);
        return new SecretResetResponse(productKey, deviceKey, reset.authType(), reset.deviceSecret());
    }

    /** The pinned certificate stops working now; the next valid certificate is pinned. */
    @PostMapping("/{productKey}/devices/{deviceKey}/fingerprint/reset")
    FingerprintResetResponse resetFingerprint(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                                              @PathVariable @Pattern(regexp = Keys.PATTERN) String deviceKey) {
        service.resetFingerprint(productKey, deviceKey);
        return new FingerprintResetResponse(productKey, deviceKey, null);
    }

    @DeleteMapping("/{productKey}/devices/{deviceKey}")
    DeleteDeviceResponse delete(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                                @PathVariable @Pattern(regexp = Keys.PATTERN) String deviceKey) {
        DeviceDeletion deletion = service.deleteDevice(productKey, deviceKey);
        return new DeleteDeviceResponse(deletion.refunded(), deletion.available());
    }
}
