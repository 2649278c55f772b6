package io.roster.contract.readside.web;

/** The one error shape of every API: a machine-readable code and a sentence for people. */
public record ApiError(String error, String message) {
}
