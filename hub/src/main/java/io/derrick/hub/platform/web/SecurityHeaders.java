package io.derrick.hub.platform.web;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRouting;

/**
 * The headers every answer of the hub carries, pages, API, static files and errors alike: a Content-Security-Policy
 * that lets a page run only the hub's own scripts and styles (no inline script, no script from elsewhere, no framing),
 * no content-type sniffing, no referrer leaving the hub. A page that forgot to escape something from a rig still
 * cannot run it.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private SecurityHeaders() {
    }

    /** Adds the headers to every response of {@code routing}, before any handler (or error handler) writes it. */
    public static void addTo(HttpRouting.Builder routing) {
        routing.addFilter((chain, req, res) -> {
            res.header(HeaderNames.create("Content-Security-Policy"), CONTENT_SECURITY_POLICY)
                    .header(HeaderNames.X_CONTENT_TYPE_OPTIONS, "nosniff")
                    .header(HeaderNames.create("X-Frame-Options"), "DENY")
                    .header(HeaderNames.create("Referrer-Policy"), "same-origin");
            chain.proceed();
        });
    }
}
