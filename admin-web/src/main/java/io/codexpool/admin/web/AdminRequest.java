package io.codexpool.admin.web;

import io.codexpool.persistence.admin.AdminSession;

import jakarta.ws.rs.container.ContainerRequestContext;

/** What the admin access filter leaves on the request for the resources: the session and the parsed form. */
public final class AdminRequest {
    private static final String SESSION = "codexpool.admin.session";
    private static final String FORM = "codexpool.admin.form";
    /** Set by the access filter on the admin requests it let through; the resource guard checks it. */
    private static final String ACCESS_CHECKED = "codexpool.admin.access-checked";
    /** Pre-session forms (sign-in, first password) carry this double-submit cookie as their CSRF token. */
    public static final String LOGIN_CSRF_COOKIE = "codexpool_login_csrf";

    private AdminRequest() {
    }

    /** The signed-in session, or null for bearer-token API calls and public pages. */
    public static AdminSession session(ContainerRequestContext request) {
        return (AdminSession) request.getProperty(SESSION);
    }

    /** Marks a request the access filter has judged (and, unless it aborted it, let through). */
    public static void markAccessChecked(ContainerRequestContext request) {
        request.setProperty(ACCESS_CHECKED, Boolean.TRUE);
    }

    public static boolean accessChecked(ContainerRequestContext request) {
        return request.getProperty(ACCESS_CHECKED) != null;
    }

    public static void attachSession(ContainerRequestContext request, AdminSession session) {
        request.setProperty(SESSION, session);
    }

    public static void attachForm(ContainerRequestContext request, FormData form) {
        request.setProperty(FORM, form);
    }

    public static FormData form(ContainerRequestContext request) {
        Object form = request.getProperty(FORM);
        return form == null ? FormData.EMPTY : (FormData) form;
    }

    public static String csrfToken(ContainerRequestContext request) {
        AdminSession session = session(request);
        if (session != null) {
            return session.getCsrfToken();
        }
        var cookie = request.getCookies().get(LOGIN_CSRF_COOKIE);
        return cookie == null ? "" : cookie.getValue();
    }
}
