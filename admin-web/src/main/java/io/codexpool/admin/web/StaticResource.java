package io.codexpool.admin.web;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/** The site's own CSS and JS from the class path: the machines are offline, so nothing comes from a CDN. */
@Path("/admin/static")
@ApplicationScoped
public class StaticResource {
    private static final Map<String, String> FILES = Map.of(
            "admin.css", "text/css; charset=UTF-8",
            "admin.js", "text/javascript; charset=UTF-8");

    @GET
    @Path("{name}")
    public Response file(@PathParam("name") String name) throws IOException {
        String type = FILES.get(name);
        if (type == null) {
            return Response.status(404).build();
        }
        try (InputStream in = StaticResource.class.getClassLoader().getResourceAsStream("static/" + name)) {
            if (in == null) {
                return Response.status(404).build();
            }
            return Response.ok(in.readAllBytes(), type).header("Cache-Control", "max-age=3600").build();
        }
    }
}
