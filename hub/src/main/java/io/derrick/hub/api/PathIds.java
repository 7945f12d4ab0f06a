package io.derrick.hub.api;

import io.helidon.webserver.http.ServerRequest;

/** Numeric ids in a request's path. */
final class PathIds {
    private PathIds() {
    }

    /** The path parameter {@code name} as a positive number, or a 400 naming what it should be the id of. */
    static long positive(ServerRequest req, String name, String of) {
        String text = req.path().pathParameters().get(name);
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw ApiException.badField(name, "not a " + of + " id: " + text);
    }
}
