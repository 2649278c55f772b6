package io.roster.ledger.adapter.in.web;

import io.roster.contract.readside.web.ApiError;
import io.roster.contract.readside.web.ReadSideExceptionHandler;
import io.roster.ledger.application.UnknownProductException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** activation-ledger's own refusals; Spring MVC's failures are mapped by the shared {@link ReadSideExceptionHandler}. */
@RestControllerAdvice
class ApiExceptionHandler extends ReadSideExceptionHandler {

    @ExceptionHandler(UnknownProductException.class)
    ResponseEntity<ApiError> unknownProduct(UnknownProductException e) {
        return error(HttpStatus.NOT_FOUND, "UNKNOWN_PRODUCT", e.getMessage());
    }
}
