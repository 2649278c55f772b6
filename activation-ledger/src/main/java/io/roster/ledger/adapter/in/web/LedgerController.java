package io.roster.ledger.adapter.in.web;

import io.roster.contract.readside.PageRequest;
import io.roster.ledger.application.LedgerQueries;
import io.roster.ledger.domain.EntryKind;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** A product's activation codes as the ledger counts them from the event history. */
@Tag(name = "ledger")
@RestController
@RequestMapping("/api/v1/products/{productKey}")
class LedgerController {

    private final LedgerQueries queries;

    LedgerController(LedgerQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "Codes granted, reserved, consumed, refunded and available")
    @GetMapping("/balance")
    BalanceResponse balance(@PathVariable String productKey) {
        return BalanceResponse.of(queries.balance(productKey));
    }

    @Operation(summary = "A page of the product's ledger entries, oldest first")
    @GetMapping("/entries")
    EntryPageResponse entries(@PathVariable String productKey,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(PageRequest.MAX_PAGE) int page,
                              @RequestParam(defaultValue = "20") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
                              @RequestParam(required = false) EntryKind kind) {
        return EntryPageResponse.of(queries.entries(productKey, kind, new PageRequest(page, size)));
    }

    @Operation(summary = "Whether the device key was charged for good (activated once)")
    @GetMapping("/devices/{deviceKey}/charged")
    ChargedResponse charged(@PathVariable String productKey, @PathVariable String deviceKey) {
        return new ChargedResponse(productKey, deviceKey, queries.charged(productKey, deviceKey));
    }
}
