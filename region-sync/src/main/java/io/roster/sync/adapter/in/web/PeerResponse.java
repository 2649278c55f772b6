package io.roster.sync.adapter.in.web;

import io.roster.sync.application.PeerDirectory.PeerView;
import io.roster.sync.domain.ConnectionState;

/** A peer region, its Kafka bootstrap and the state of the link to it. */
public record PeerResponse(String region, String bootstrapServers, ConnectionState status) {

    static PeerResponse of(PeerView view) {
        return new PeerResponse(view.peer().region(), view.peer().bootstrapServers(), view.state());
    }
}
