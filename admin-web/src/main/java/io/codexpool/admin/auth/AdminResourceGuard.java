package io.codexpool.admin.auth;

import io.codexpool.admin.web.AdminRequest;
import io.codexpool.admin.web.RootResource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;

/**
 * The second line behind {@link AdminAccessFilter}, which judges requests by their path before matching: whatever a
 * path looked like, a request that matched one of the admin site's resources must have been let through by it.
 */
@Provider
@Priority(Priorities.AUTHORIZATION)
@ApplicationScoped
public class AdminResourceGuard implements ContainerRequestFilter {
    private static final String ADMIN_PACKAGES = "io.codexpool.admin.";

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        Class<?> type = resource.getResourceClass();
        if (type == null || type == RootResource.class || !type.getName().startsWith(ADMIN_PACKAGES)) {
            return;
        }
        if (!AdminRequest.accessChecked(request)) {
            request.abortWith(Response.status(Response.Status.NOT_FOUND).build());
        }
    }
}
