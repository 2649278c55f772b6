package io.roster.sync.adapter.in.web;

import io.roster.sync.application.PeerDirectory;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** The peer regions of this region. */
@Tag(name = "peers")
@RestController
class PeerController {

    private final PeerDirectory directory;

    PeerController(PeerDirectory directory) {
        this.directory = directory;
    }

    @Operation(summary = "Every configured peer region with its Kafka bootstrap and link status")
    @GetMapping("/api/v1/peers")
    List<PeerResponse> peers() {
        return directory.peers().stream().map(PeerResponse::of).toList();
    }
}
