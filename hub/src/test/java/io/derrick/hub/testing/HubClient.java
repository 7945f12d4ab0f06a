package io.derrick.hub.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Optional;

/**
 * The hub's API as one caller sees it: anonymous, a browser session (cookie and CSRF token) or an API token.
 */
public final class HubClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String base;
    private final String bearer;
    private final String cookie;
    private final String csrf;

    private HubClient(String base, String bearer, String cookie, String csrf) {
        this.base = base;
        this.bearer = bearer;
        this.cookie = cookie;
        this.csrf = csrf;
    }

    public static HubClient anonymous(String base) {
        return new HubClient(base, null, null, null);
    }

    public static HubClient bearer(String base, String token) {
        return new HubClient(base, token, null, null);
    }

    /** Signs in like the browser does; fails the test when the hub refuses. */
    public static HubClient session(String base, String username, String password) throws Exception {
        HttpResponse<String> r = anonymous(base).send("POST", "/api/session",
                JSON.writeValueAsString(java.util.Map.of("username", username, "password", password)));
        if (r.statusCode() != 201) {
            throw new AssertionError("sign-in of " + username + " → " + r.statusCode() + " " + r.body());
        }
        String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new HubClient(base, null, setCookie.substring(0, setCookie.indexOf(';')), JSON.readTree(r.body()).get("csrf").asText());
    }

    /** An API token of this (signed-in) caller, as a bearer client. */
    public HubClient token(String name) throws Exception {
        JsonNode t = json("POST", "/api/tokens", "{\"name\":\"" + name + "\"}", 201);
        return bearer(base, t.get("token").asText());
    }

    /** The same session without its CSRF header (what a forged cross-site form would send, were the cookie sent). */
    public HubClient withoutCsrf() {
        return new HubClient(base, bearer, cookie, null);
    }

    public Optional<String> bearerToken() {
        return Optional.ofNullable(bearer);
    }

    public HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, null);
    }

    /** A GET asking for plain text (the Prometheus metrics). */
    public HttpResponse<String> getText(String path) throws Exception {
        return send("GET", path, null, "text/plain");
    }

    public HttpResponse<String> post(String path, String json) throws Exception {
        return send("POST", path, json);
    }

    public HttpResponse<String> send(String method, String path, String json) throws Exception {
        return send(method, path, json, null);
    }

    /** A GET of a file (an export), as bytes. */
    public HttpResponse<byte[]> getBytes(String path) throws Exception {
        return HTTP.send(request("GET", path, null, null).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** A POST of a file (a photo) as the body, with the given Content-Type. */
    public HttpResponse<String> upload(String path, byte[] body, String contentType) throws Exception {
        HttpRequest.Builder b = request("GET", path, null, null).POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", contentType);
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String json, String accept) throws Exception {
        return HTTP.send(request(method, path, json, accept).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest.Builder request(String method, String path, String json, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        return b;
    }

    /** The JSON answer, after checking the status. */
    public JsonNode json(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() != status) {
            throw new AssertionError(method + " " + path + " → " + r.statusCode() + " (expected " + status + "): " + r.body());
        }
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }
}
