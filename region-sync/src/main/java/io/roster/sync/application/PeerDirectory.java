package io.roster.sync.application;

import io.roster.sync.domain.ConnectionState;
import io.roster.sync.domain.Peer;

import java.util.List;

/** The peer regions this region replicates cross-region devices from, and how it stands with each. */
public class PeerDirectory {

    /** A peer and the state of the link to it. */
    public record PeerView(Peer peer, ConnectionState state) {
    }

    private final List<Peer> peers;

    public PeerDirectory(List<Peer> peers) {
        this.peers = List.copyOf(peers);
    }

    public List<PeerView> peers() {
        return peers.stream().map(p -> new PeerView(p, ConnectionState.NOT_CONNECTED)).toList();
    }
}
