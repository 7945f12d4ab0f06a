package io.derrick.hub.security;

import io.derrick.hub.audit.Actor;
import io.derrick.hub.audit.Audit;
import io.derrick.hub.db.Database;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions and API tokens: 256-bit random secrets of which only the SHA-256 is stored. A session lives
 * {@code idle} after its last use and at most {@code maxAge}; a token until its expiry. Both end at once when revoked,
 * when the user is disabled or when the password changes.
 */
public final class Credentials {
    /** The secret of an API token starts with this, so that a leaked one is recognisable (secret scanners). */
    public static final String TOKEN_PREFIX = "drk_";
    /** last_used_at is written at most this often per credential: not one write per request */
    private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);

    /** A new credential: the secret is shown once and never again. */
    public record Issued(long id, String secret, String csrf, Instant expiresAt) {
    }

    /** An API token as its owner sees it in the list (without the secret). */
    public record Token(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt, Instant revokedAt) {
    }

    private final Database db;
    private final Duration sessionIdle;
    private final Duration sessionMax;

    public Credentials(Database db, Duration sessionIdle, Duration sessionMax) {
        this.db = db;
        this.sessionIdle = sessionIdle;
        this.sessionMax = sessionMax;
    }

    public Issued startSession(User user, String address) throws SQLException {
        String secret = random();
        String csrf = random();
        Instant expires = Instant.now().plus(min(sessionIdle, sessionMax));
        return db.transaction(c -> {
            long id = insert(c, user.id(), "session", null, secret, csrf, expires, address);
            Audit.record(c, new Actor(user.id(), user.username(), "session", address), "session.start", "user", user.id(), null,
                    Map.of("session", id));
            return new Issued(id, secret, csrf, expires);
        });
    }

    public Issued issueToken(Principal owner, String name, Instant expires) throws SQLException {
        String secret = TOKEN_PREFIX + random();
        return db.transaction(c -> {
            long id = insert(c, owner.user().id(), "api", name, secret, null, expires, owner.address());
            Audit.record(c, owner.actor(), "token.create", "token", id, null, Map.of("name", name, "expiresAt", expires.toString()));
            return new Issued(id, secret, null, expires);
        });
    }

    /** The principal a secret stands for, if it is a live credential of an enabled user. */
    public Optional<Principal> authenticate(String secret, boolean bearer, String address) throws SQLException {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT t.id, t.kind, t.csrf, t.created_at, t.last_used_at, t.expires_at, t.user_id
                    FROM auth_token t JOIN app_user u ON u.id = t.user_id
                    WHERE t.secret_hash = ? AND t.revoked_at IS NULL AND t.expires_at > now() AND NOT u.disabled""")) {
                ps.setBytes(1, sha256(secret));
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String kind = rs.getString("kind");
                    if (bearer != kind.equals("api")) {
                        return Optional.empty(); // a session secret is not a bearer token, nor a token a cookie
                    }
                    long id = rs.getLong("id");
                    User user = Users.find(c, "id = ?", rs.getLong("user_id")).orElseThrow();
                    Instant now = Instant.now();
                    Instant renewed = null;
                    if (Users.instant(rs, "last_used_at").plus(TOUCH_EVERY).isBefore(now)) {
                        renewed = touch(c, id, kind, Users.instant(rs, "created_at"), now);
                    }
                    return Optional.of(new Principal(user, id, kind.equals("api") ? "token" : "session", rs.getString("csrf"), address,
                            renewed));
                }
            }
        });
    }

    public void endSession(Principal p) throws SQLException {
        db.transaction(c -> {
            revoke(c, p.credentialId(), p.user().id());
            Audit.record(c, p.actor(), "session.end", "user", p.user().id(), null, Map.of("session", p.credentialId()));
            return null;
        });
    }

    public List<Token> tokens(long userId) throws SQLException {
        return db.transaction(c -> {
            List<Token> tokens = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM auth_token
                    WHERE user_id = ? AND kind = 'api' ORDER BY id DESC""")) {
                ps.setLong(1, userId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        tokens.add(new Token(rs.getLong("id"), rs.getString("name"), Users.instant(rs, "created_at"),
                                Users.instant(rs, "last_used_at"), Users.instant(rs, "expires_at"), Users.instant(rs, "revoked_at")));
                    }
                }
            }
            return tokens;
        });
    }

    /** Revokes one of the owner's tokens; false when the owner has no such live token. */
    public boolean revokeToken(Principal owner, long tokenId) throws SQLException {
        return db.transaction(c -> {
            boolean done;
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE auth_token SET revoked_at = now() WHERE id = ? AND user_id = ? AND kind = 'api' AND revoked_at IS NULL""")) {
                ps.setLong(1, tokenId);
                ps.setLong(2, owner.user().id());
                done = ps.executeUpdate() == 1;
            }
            if (done) {
                Audit.record(c, owner.actor(), "token.revoke", "token", tokenId, null, null);
            }
            return done;
        });
    }

    /** Signs a user out everywhere: every session and token. */
    public int revokeAll(long userId, Actor actor) throws SQLException {
        return db.transaction(c -> {
            int n = revokeAll(c, userId);
            Audit.record(c, actor, "user.signOutEverywhere", "user", userId, null, Map.of("revoked", n));
            return n;
        });
    }

    static int revokeAll(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE auth_token SET revoked_at = now() WHERE user_id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, userId);
            return ps.executeUpdate();
        }
    }

    private static void revoke(Connection c, long id, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE auth_token SET revoked_at = now() WHERE id = ? AND user_id = ? AND revoked_at IS NULL")) {
            ps.setLong(1, id);
            ps.setLong(2, userId);
            ps.executeUpdate();
        }
    }

    /** @return the session's new end, or null for a token (which keeps its expiry) */
    private Instant touch(Connection c, long id, String kind, Instant created, Instant now) throws SQLException {
        // a session slides: idle after the last use, never past its maximum age; a token keeps its expiry
        Instant sessionEnd = min(now.plus(sessionIdle), created.plus(sessionMax));
        try (PreparedStatement ps = c.prepareStatement("""
                UPDATE auth_token SET last_used_at = ?, expires_at = CASE WHEN kind = 'session' THEN ? ELSE expires_at END
                WHERE id = ?""")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setTimestamp(2, Timestamp.from(sessionEnd));
            ps.setLong(3, id);
            ps.executeUpdate();
        }
        return kind.equals("session") ? sessionEnd : null;
    }

    private static long insert(Connection c, long userId, String kind, String name, String secret, String csrf, Instant expires,
                               String address) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                INSERT INTO auth_token (user_id, kind, name, secret_hash, csrf, expires_at, address)
                VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id""")) {
            ps.setLong(1, userId);
            ps.setString(2, kind);
            ps.setString(3, name);
            ps.setBytes(4, sha256(secret));
            ps.setString(5, csrf);
            ps.setTimestamp(6, Timestamp.from(expires));
            ps.setString(7, address);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** A 256-bit random secret, base64url: sessions, CSRF tokens, API tokens, node passwords. */
    static String random() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Passwords.salt(32));
    }

    static byte[] sha256(String secret) {
        return sha256(secret.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static <T extends Comparable<? super T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
