package io.codexpool.admin.web;

import java.net.URI;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;

/** The bare host name leads to the admin site. */
@Path("/")
@ApplicationScoped
public class RootResource {
    @GET
    public Response root() {
        return Response.seeOther(URI.create("/admin")).build();
    }
}
