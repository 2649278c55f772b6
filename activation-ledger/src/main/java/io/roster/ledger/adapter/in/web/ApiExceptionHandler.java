package io.roster.ledger.adapter.in.web;

import io.roster.contract.readside.web.ReadSideExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * activation-ledger refuses nothing of its own beyond an unknown product, which the shared
 * {@link ReadSideExceptionHandler} maps with Spring MVC's failures; this advice puts it in place.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ReadSideExceptionHandler {
}
