package io.roster.sync.adapter.in.web;

import io.roster.contract.readside.web.ReadSideExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** region-sync has no refusals of its own yet: Spring MVC's failures are all the shared handler maps. */
@RestControllerAdvice
class ApiExceptionHandler extends ReadSideExceptionHandler {
}
