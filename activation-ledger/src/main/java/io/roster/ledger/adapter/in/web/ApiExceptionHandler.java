package io.roster.ledger.adapter.in.web;

import io.roster.contract.readside.web.ApiError;
import io.roster.contract.readside.web.ReadSideExceptionHandler;
import io.roster.ledger.application.InvalidQueryException;
import io.roster.ledger.application.reconciliation.CommandSideUnavailableException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * activation-ledger's refusals on top of the shared {@link ReadSideExceptionHandler} (unknown product, Spring MVC's
 * failures): a query it cannot answer as asked, and a reconciliation it cannot run.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ReadSideExceptionHandler {

    @ExceptionHandler(InvalidQueryException.class)
    ResponseEntity<ApiError> invalidQuery(InvalidQueryException e) {
        return error(HttpStatus.BAD_REQUEST, "VALIDATION_FAILED", e.getMessage());
    }

    @ExceptionHandler(ReconciliationController.ReconciliationNotConfiguredException.class)
    ResponseEntity<ApiError> notConfigured(RuntimeException e) {
        return error(HttpStatus.SERVICE_UNAVAILABLE, "RECONCILIATION_NOT_CONFIGURED", e.getMessage());
    }

    @ExceptionHandler(ReconciliationController.NoReconciliationYetException.class)
    ResponseEntity<ApiError> noRunYet(RuntimeException e) {
        return error(HttpStatus.NOT_FOUND, "NO_RECONCILIATION_YET", e.getMessage());
    }

    @ExceptionHandler(CommandSideUnavailableException.class)
    ResponseEntity<ApiError> commandSideUnavailable(CommandSideUnavailableException e) {
        return error(HttpStatus.BAD_GATEWAY, "COMMAND_SIDE_UNAVAILABLE", e.getMessage());
    }
}
