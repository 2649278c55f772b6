package io.roster.contract.readside.web;

import io.roster.contract.readside.ProjectionAdmin;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Serves {@code /api/v1/admin} in every service that declares a {@link ProjectionAdmin}; services without a
 * projection (device-command, region-sync) get nothing.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(ProjectionAdmin.class)
public class ProjectionAdminAutoConfiguration {

    @Bean
    AdminController projectionAdminController(ProjectionAdmin admin) {
        return new AdminController(admin);
    }
}
