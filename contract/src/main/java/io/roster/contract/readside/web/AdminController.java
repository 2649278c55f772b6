package io.roster.contract.readside.web;

import io.roster.contract.readside.ProjectionAdmin;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Compare and rebuild the projection; registered by {@link ProjectionAdminAutoConfiguration}. */
@Tag(name = "admin")
@RestController
@RequestMapping("/api/v1/admin")
public class AdminController {

    private final ProjectionAdmin admin;

    public AdminController(ProjectionAdmin admin) {
        this.admin = admin;
    }

    @Operation(summary = "SHA-256 of the projection's content in canonical order, with record counts")
    @GetMapping("/digest")
    public DigestResponse digest() {
        return DigestResponse.of(admin.digest());
    }

    @Operation(summary = "Drop the projection and rebuild it from the start of the event topic")
    @PostMapping("/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public RebuildResponse rebuild() {
        return new RebuildResponse(admin.rebuild().name());
    }
}
