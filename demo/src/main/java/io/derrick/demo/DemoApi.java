package io.derrick.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The hub's API as the demo's people use it: signed in with a browser session (cookie and CSRF token). */
final class DemoApi {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String password;
    private final HttpClient http = HttpClient.newHttpClient();

    DemoApi(String base, String password) {
        this.base = base;
        this.password = password;
    }

    Session signIn(String username) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/session")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.createObjectNode().put("username", username).put("password", password).toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
            throw new IllegalStateException("signing in as " + username + " → " + r.statusCode() + " " + r.body());
        }
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        return new Session(cookie.substring(0, cookie.indexOf(';')), JSON.readTree(r.body()).get("csrf").asText());
    }

    /** A signed-in user's calls (the session cookie and its CSRF token, as the browser sends them). */
    final class Session {
        private final String cookie;
        private final String csrf;

        Session(String cookie, String csrf) {
            this.cookie = cookie;
            this.csrf = csrf;
        }

        HttpResponse<String> send(String method, String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        void ok(String method, String path, String body) throws Exception {
            json(method, path, body);
        }

        JsonNode json(String method, String path, String body) throws Exception {
            HttpResponse<String> r = send(method, path, body);
            if (r.statusCode() / 100 != 2) {
                throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
            }
            return r.body().isEmpty() ? null : JSON.readTree(r.body());
        }

        void upload(String path, byte[] picture) throws Exception {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", cookie).header("X-CSRF-Token", csrf)
                    .header("Content-Type", "image/jpeg").POST(HttpRequest.BodyPublishers.ofByteArray(picture)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 201) {
                throw new IllegalStateException("POST " + path + " → " + r.statusCode() + " " + r.body());
            }
        }
    }
}
