package io.roster.ledger.adapter.in.web;

import io.roster.contract.readside.PageRequest;
import io.roster.ledger.application.EntryFilter;
import io.roster.ledger.application.LedgerQueries;
import io.roster.ledger.domain.EntryKind;
import io.roster.ledger.domain.LedgerEntry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.Optional;

/** A product's activation codes as the ledger counts them from the event history, and the totals over all products. */
@Tag(name = "ledger")
@RestController
@RequestMapping("/api/v1")
class LedgerController {

    private final LedgerQueries queries;

    LedgerController(LedgerQueries queries) {
        this.queries = queries;
    }

    @Operation(summary = "Codes granted, reserved, consumed, refunded and available; with asOf, as they were then")
    @GetMapping("/products/{productKey}/balance")
    BalanceResponse balance(@PathVariable String productKey,
                            @Parameter(description = "ISO-8601 instant, e.g. 2026-12-01T00:00:00Z")
                            @RequestParam(required = false) Instant asOf) {
        return asOf == null ? BalanceResponse.of(queries.balance(productKey))
                : BalanceResponse.of(queries.balanceAsOf(productKey, asOf), asOf);
    }

    @Operation(summary = "A page of the product's ledger entries, oldest first (by their place in its history)")
    @GetMapping("/products/{productKey}/entries")
    EntryPageResponse entries(@PathVariable String productKey,
                              @RequestParam(defaultValue = "0") @Min(0) @Max(PageRequest.MAX_PAGE) int page,
                              @RequestParam(defaultValue = "20") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
                              @RequestParam(required = false) EntryKind kind,
                              @Parameter(description = "entries at or after this ISO-8601 instant")
                              @RequestParam(required = false) Instant from,
                              @Parameter(description = "entries before this ISO-8601 instant")
                              @RequestParam(required = false) Instant to) {
        return EntryPageResponse.of(queries.entries(new EntryFilter(productKey, kind, from, to), new PageRequest(page, size)));
    }

    @Operation(summary = "Whether the device key was charged for good (activated once), and by which entry")
    @GetMapping("/products/{productKey}/devices/{deviceKey}/charged")
    ChargedResponse charged(@PathVariable String productKey, @PathVariable String deviceKey) {
        Optional<LedgerEntry> entry = queries.chargedBy(productKey, deviceKey);
        return new ChargedResponse(productKey, deviceKey, entry.isPresent(), entry.map(EntryResponse::of).orElse(null));
    }

    @Operation(summary = "Every product's codes summed; with asOf, as they were then")
    @GetMapping("/balance")
    TotalsResponse totals(@Parameter(description = "ISO-8601 instant") @RequestParam(required = false) Instant asOf) {
        return TotalsResponse.of(queries.totals(asOf), asOf);
    }

    @Operation(summary = "A page of every product's ledger entries, oldest first (by time)")
    @GetMapping("/entries")
    EntryPageResponse allEntries(@RequestParam(defaultValue = "0") @Min(0) @Max(PageRequest.MAX_PAGE) int page,
                                 @RequestParam(defaultValue = "20") @Min(1) @Max(PageRequest.MAX_SIZE) int size,
                                 @RequestParam(required = false) EntryKind kind,
                                 @RequestParam(required = false) Instant from,
                                 @RequestParam(required = false) Instant to) {
        return EntryPageResponse.of(queries.entries(new EntryFilter(null, kind, from, to), new PageRequest(page, size)));
    }
}
