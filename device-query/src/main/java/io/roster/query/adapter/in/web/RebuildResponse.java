package io.roster.query.adapter.in.web;

/** @param status REBUILDING once the projection was cleared, REQUESTED if the consumer has yet to take it up */
public record RebuildResponse(String status) {
}
