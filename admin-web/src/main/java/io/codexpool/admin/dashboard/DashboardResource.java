package io.codexpool.admin.dashboard;

import java.util.Map;

import io.codexpool.admin.web.Pages;
import io.codexpool.proxy.apikeys.OpenPool;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;

/** The admin site's home page. */
@Path("/admin")
@ApplicationScoped
public class DashboardResource {
    private final Overview overview;
    private final TopKeys topKeys;
    private final OpenPool openPool;
    private final Pages pages;

    @Inject
    public DashboardResource(Overview overview, TopKeys topKeys, OpenPool openPool, Pages pages) {
        this.overview = overview;
        this.topKeys = topKeys;
        this.openPool = openPool;
        this.pages = pages;
    }

    @GET
    public Response dashboard(@Context ContainerRequestContext request) {
        return pages.render(request, "dashboard/index", Map.of("o", overview.snapshot(),
                "chartWidth", BarChart.WIDTH, "chartHeight", BarChart.HEIGHT, "topKeys", topKeys.rankings(),
                "openPool", openPool.open(), "host", openPool.host()));
    }
}
