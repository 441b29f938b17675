package io.codexpool.admin.web;

import org.thymeleaf.util.StringUtils;

/** A minimal page for answers given before any template runs (filter rejections). */
public final class ErrorPage {
    private ErrorPage() {
    }

    public static String html(String title, String message) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + StringUtils.escapeXml(title)
                + " · Codex Pool</title><link rel=\"stylesheet\" href=\"/admin/static/admin.css\"></head><body>"
                + "<main class=\"narrow\"><h1>" + StringUtils.escapeXml(title) + "</h1><p>"
                + StringUtils.escapeXml(message) + "</p><p><a href=\"/admin\">Back to the admin site</a></p></main>"
                + "</body></html>";
    }
}
