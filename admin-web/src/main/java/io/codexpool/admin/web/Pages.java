package io.codexpool.admin.web;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Cookie;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;

/**
 * Renders admin pages inside the layout with what every page needs (CSRF token, flash message, formatter), and
 * answers successful form posts with a 303 redirect that carries a one-shot flash message in a cookie.
 */
@ApplicationScoped
public class Pages {
    private static final String FLASH_COOKIE = "codexpool_flash";

    private final Templates templates;

    @Inject
    public Pages(Templates templates) {
        this.templates = templates;
    }

    public Response render(ContainerRequestContext request, String template, Map<String, Object> model) {
        return render(request, 200, template, model);
    }

    public Response render(ContainerRequestContext request, int status, String template, Map<String, Object> model) {
        Map<String, Object> full = new HashMap<>(model);
        full.putIfAbsent("csrf", AdminRequest.csrfToken(request));
        full.put("fmt", Format.INSTANCE);
        full.putIfAbsent("errors", Map.of());
        Cookie flash = request.getCookies().get(FLASH_COOKIE);
        Response.ResponseBuilder response = Response.status(status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .header("Cache-Control", "no-store");
        if (flash != null && !flash.getValue().isEmpty()) {
            full.put("flash", URLDecoder.decode(flash.getValue(), StandardCharsets.UTF_8));
            response.cookie(flashCookie("", 0));
        }
        return response.entity(templates.render(template, full)).build();
    }

    public Response redirect(String location, String flash) {
        return Response.seeOther(URI.create(location))
                .cookie(flashCookie(URLEncoder.encode(flash, StandardCharsets.UTF_8), 60))
                .build();
    }

    private static NewCookie flashCookie(String value, int maxAge) {
        return new NewCookie.Builder(FLASH_COOKIE).value(value).path("/admin").maxAge(maxAge).httpOnly(true)
                .sameSite(NewCookie.SameSite.LAX).build();
    }
}
