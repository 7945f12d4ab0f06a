package io.derrick.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * The hub under benchmark as the HTTP benchmarks reach it: its API with an API token (an unexpected status fails the
 * run, naming the request), and its database for the baselines.
 */
final class BenchApi {
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;
    private final String url;
    private final String user;
    private final String password;

    BenchApi(int port, String token, String url, String user, String password) {
        this.base = "http://127.0.0.1:" + port;
        this.token = token;
        this.url = url;
        this.user = user;
        this.password = password;
    }

    String base() {
        return base;
    }

    /** A request with the token; a body is JSON. */
    HttpRequest.Builder request(String method, String path, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return b;
    }

    <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> body) throws Exception {
        return http.send(request.build(), body);
    }

    HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(request(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    /** The answer's JSON (null when empty), when its status is {@code status}. */
    JsonNode call(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = send(method, path, body);
        if (r.statusCode() != status) {
            throw new IllegalStateException(method + " " + path + " → " + r.statusCode() + " " + r.body());
        }
        return r.body().isEmpty() ? null : JSON.readTree(r.body());
    }

    /** A CSV file as the body of a POST, when its answer's status is {@code status}. */
    void upload(String path, String csv, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != status) {
            throw new IllegalStateException("POST " + path + " → " + r.statusCode() + " " + r.body().substring(0, Math.min(2000, r.body().length())));
        }
    }

    /** The hub's database, for a baseline by bare SQL. */
    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The {@code percentile} of {@code nanos}, in milliseconds. */
    static double p(long[] nanos, int percentile) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) (sorted.length * percentile / 100.0))] / 1e6;
    }
}
