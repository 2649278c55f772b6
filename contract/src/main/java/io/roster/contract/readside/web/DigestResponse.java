package io.roster.contract.readside.web;

import io.roster.contract.readside.ProjectionDigest.Digest;

import java.util.Map;

/** A digest of the whole projection and the number of records of each kind behind it. */
public record DigestResponse(String algorithm, String digest, Map<String, Long> counts) {

    static DigestResponse of(Digest d) {
        return new DigestResponse(d.algorithm(), d.value(), d.counts());
    }
}
