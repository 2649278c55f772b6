package io.roster.command.auth.adapter.in.rest;

import io.roster.command.auth.application.AuditTrail.AuditRecord;
import io.roster.command.auth.application.AuditTrail;
import io.roster.command.auth.application.SecretAccess;
import io.roster.command.auth.application.SecretReEncryption;
import io.roster.contract.Keys;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.security.Principal;
import java.time.Instant;
import java.util.List;

/** The privileged secret read, the audit trail that records it, and key rotation's re-encryption job. */
@RestController
class SecretController {

    private final SecretAccess secrets;
    private final AuditTrail audit;
    private final SecretReEncryption reEncryption;

    SecretController(SecretAccess secrets, AuditTrail audit, SecretReEncryption reEncryption) {
        this.secrets = secrets;
        this.audit = audit;
        this.reEncryption = reEncryption;
    }

    record DeviceSecretResponse(String productKey, String deviceKey, String deviceSecret) {
    }

    record AuditPage(List<AuditRecord> items) {
    }

    @GetMapping(path = "/api/v1/products/{productKey}/devices/{deviceKey}/secret", produces = "application/json")
    ResponseEntity<DeviceSecretResponse> deviceSecret(@PathVariable @Pattern(regexp = Keys.PATTERN) String productKey,
                                                      @PathVariable @Pattern(regexp = Keys.PATTERN) String deviceKey,
                                                      Principal caller, HttpServletRequest request) {
        String secret = secrets.deviceSecret(caller.getName(), source(request), productKey, deviceKey);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore())
                .body(new DeviceSecretResponse(productKey, deviceKey, secret));
    }

    @GetMapping(path = "/api/v1/audit", produces = "application/json")
    AuditPage audit(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant from,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) Instant to,
                    @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        return new AuditPage(audit.find(from == null ? Instant.EPOCH : from, to == null ? Instant.now().plusSeconds(1) : to, limit));
    }

    @PostMapping(path = "/api/v1/admin/secrets/re-encryption", produces = "application/json")
    SecretReEncryption.Result reEncrypt() {
        return reEncryption.run();
    }

    /** The client address, with the forwarded-for chain a proxy added (recorded, not trusted for decisions). */
    private static String source(HttpServletRequest request) {
        String forwarded = request.getHeader("X-Forwarded-For");
        String remote = request.getRemoteAddr();
        if (forwarded == null || forwarded.isBlank()) {
            return remote;
        }
        String chain = forwarded.length() > 200 ? forwarded.substring(0, 200) : forwarded;
        return remote + " (forwarded for " + chain.replaceAll("[^0-9A-Fa-f.:, \\[\\]]", "") + ")";
    }
}
