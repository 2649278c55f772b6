package io.roster.query.adapter.in.web;

import io.roster.contract.readside.web.ApiError;
import io.roster.contract.readside.web.ReadSideExceptionHandler;
import io.roster.query.application.UnknownDeviceException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** device-query's own refusals; Spring MVC's failures are mapped by the shared {@link ReadSideExceptionHandler}. */
@RestControllerAdvice
class ApiExceptionHandler extends ReadSideExceptionHandler {

    @ExceptionHandler(UnknownDeviceException.class)
    ResponseEntity<ApiError> unknownDevice(UnknownDeviceException e) {
        return error(HttpStatus.NOT_FOUND, "UNKNOWN_DEVICE", e.getMessage());
    }
}
