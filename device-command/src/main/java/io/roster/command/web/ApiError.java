package io.roster.command.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The one error shape of every API: a machine-readable code and a sentence for people. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, String message, Long available) {

    public static ApiError of(String error, String message) {
        return new ApiError(error, message, null);
    }
}
