package io.roster.contract.readside.web;

/** @param status REBUILDING once the projection was cleared, REQUESTED if the consumer has yet to take it up */
public record RebuildResponse(String status) {
}
