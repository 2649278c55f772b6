package io.roster.command.auth.adapter.in.rest;

import io.roster.command.auth.application.CaCertificates;
import io.roster.contract.Keys;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Upload of a product's CA certificate and its proof of possession. */
@RestController
@RequestMapping(path = "/api/v1/products/{productKey}/ca-certificates", produces = "application/json")
class CaCertificateController {

    private final CaCertificates cas;

    CaCertificateController(CaCertificates cas) {
        this.cas = cas;
    }

    record CertificateRequest(@NotBlank @Size(max = 32_768) String certificatePem) {
    }

    record UploadResponse(String caId, String verificationCode, String status) {
    }

    record VerificationResponse(String caId, String status) {
    }

    @PostMapping(consumes = "application/json")
    @ResponseStatus(HttpStatus.CREATED)
    UploadResponse upload(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                          @Valid @RequestBody CertificateRequest request) {
        CaCertificates.Uploaded uploaded = cas.upload(productKey, request.certificatePem());
        return new UploadResponse(uploaded.caId(), uploaded.verificationCode(), uploaded.status());
    }

    @PostMapping(path = "/{caId}/verification", consumes = "application/json")
    VerificationResponse verify(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                                @PathVariable @Pattern(regexp = Keys.PATTERN) String caId,
                                @Valid @RequestBody CertificateRequest request) {
        cas.verify(productKey, caId, request.certificatePem());
        return new VerificationResponse(caId, "VERIFIED");
    }
}
