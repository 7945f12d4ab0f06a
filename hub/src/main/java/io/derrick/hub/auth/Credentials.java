package io.derrick.hub.auth;

import io.derrick.hub.platform.Secrets;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Authenticator;
import io.derrick.hub.platform.web.Principal;
import io.derrick.hub.platform.web.User;
import org.jdbi.v3.core.Handle;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Browser sessions and API tokens: 256-bit random secrets of which only the SHA-256 is stored. A session lives
 * {@code idle} after its last use and at most {@code maxAge}; a token until its expiry. Both end at once when revoked,
 * when the user is disabled or when the password changes. The route table asks here who a secret stands for.
 */
public final class Credentials implements Authenticator {
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
    private final Clock clock;
    private final Duration sessionIdle;
    private final Duration sessionMax;

    public Credentials(Database db, Clock clock, Duration sessionIdle, Duration sessionMax) {
        this.db = db;
        this.clock = clock;
        this.sessionIdle = sessionIdle;
        this.sessionMax = sessionMax;
    }

    public Issued startSession(User user, String address) {
        String secret = Secrets.random();
        String csrf = Secrets.random();
        Instant now = clock.instant();
        Instant expires = now.plus(min(sessionIdle, sessionMax));
        return db.inTransaction(h -> {
            long id = insert(h, user.id(), "session", null, secret, csrf, now, expires, address);
            Audit.record(h, now, new Actor(user.id(), user.username(), "session", address), "session.start", "user", user.id(), null,
                    Map.of("session", id));
            return new Issued(id, secret, csrf, expires);
        });
    }

    public Issued issueToken(Principal owner, String name, Instant expires) {
        String secret = TOKEN_PREFIX + Secrets.random();
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            long id = insert(h, owner.user().id(), "api", name, secret, null, now, expires, owner.address());
            Audit.record(h, now, owner.actor(), "token.create", "token", id, null, Map.of("name", name, "expiresAt", expires.toString()));
            return new Issued(id, secret, null, expires);
        });
    }

    /** The principal a secret stands for, if it is a live credential of an enabled user. */
    @Override
    public Optional<Principal> authenticate(String secret, boolean bearer, String address) {
        if (secret == null || secret.isEmpty() || secret.length() > 200) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            record Row(long id, String kind, String csrf, Instant createdAt, Instant lastUsedAt, long userId) {
            }
            Optional<Row> row = h.createQuery("""
                            SELECT t.id, t.kind, t.csrf, t.created_at, t.last_used_at, t.user_id
                            FROM auth_token t JOIN app_user u ON u.id = t.user_id
                            WHERE t.secret_hash = :hash AND t.revoked_at IS NULL AND t.expires_at > :now AND NOT u.disabled""")
                    .bind("hash", Secrets.sha256(secret)).bind("now", now)
                    .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("kind"), rs.getString("csrf"), Users.instant(rs, "created_at"),
                            Users.instant(rs, "last_used_at"), rs.getLong("user_id")))
                    .findOne();
            // a session secret is not a bearer token, nor a token a cookie
            if (row.isEmpty() || bearer != row.get().kind().equals("api")) {
                return Optional.empty();
            }
            Row r = row.get();
            User user = Users.find(h, "id = ?", r.userId()).orElseThrow();
            Instant renewed = null;
            if (r.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
                renewed = touch(h, r.id(), r.kind(), r.createdAt(), now);
            }
            return Optional.of(new Principal(user, r.id(), r.kind().equals("api") ? "token" : "session", r.csrf(), address, renewed));
        });
    }

    public void endSession(Principal p) {
        Instant now = clock.instant();
        db.useTransaction(h -> {
            revoke(h, p.credentialId(), p.user().id(), now);
            Audit.record(h, now, p.actor(), "session.end", "user", p.user().id(), null, Map.of("session", p.credentialId()));
        });
    }

    public List<Token> tokens(long userId) {
        return db.read(h -> h.createQuery("""
                        SELECT id, name, created_at, last_used_at, expires_at, revoked_at FROM auth_token
                        WHERE user_id = ? AND kind = 'api' ORDER BY id DESC""")
                .bind(0, userId)
                .map((rs, ctx) -> new Token(rs.getLong("id"), rs.getString("name"), Users.instant(rs, "created_at"),
                        Users.instant(rs, "last_used_at"), Users.instant(rs, "expires_at"), Users.instant(rs, "revoked_at")))
                .list());
    }

    /** Revokes one of the owner's tokens; false when the owner has no such live token. */
    public boolean revokeToken(Principal owner, long tokenId) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            boolean done = h.createUpdate("""
                            UPDATE auth_token SET revoked_at = :now WHERE id = :id AND user_id = :user AND kind = 'api' AND revoked_at IS NULL""")
                    .bind("now", now).bind("id", tokenId).bind("user", owner.user().id()).execute() == 1;
            if (done) {
                Audit.record(h, now, owner.actor(), "token.revoke", "token", tokenId, null, null);
            }
            return done;
        });
    }

    /** Signs a user out everywhere: every session and token. */
    public int revokeAll(long userId, Actor actor) {
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            int n = revokeAll(h, userId, now);
            Audit.record(h, now, actor, "user.signOutEverywhere", "user", userId, null, Map.of("revoked", n));
            return n;
        });
    }

    static int revokeAll(Handle h, long userId, Instant now) {
        return h.createUpdate("UPDATE auth_token SET revoked_at = :now WHERE user_id = :user AND revoked_at IS NULL")
                .bind("now", now).bind("user", userId).execute();
    }

    private static void revoke(Handle h, long id, long userId, Instant now) {
        h.createUpdate("UPDATE auth_token SET revoked_at = :now WHERE id = :id AND user_id = :user AND revoked_at IS NULL")
                .bind("now", now).bind("id", id).bind("user", userId).execute();
    }

    /** @return the session's new end, or null for a token (which keeps its expiry) */
    private Instant touch(Handle h, long id, String kind, Instant created, Instant now) {
        // a session slides: idle after the last use, never past its maximum age; a token keeps its expiry
        Instant sessionEnd = min(now.plus(sessionIdle), created.plus(sessionMax));
        h.createUpdate("""
                        UPDATE auth_token SET last_used_at = :now, expires_at = CASE WHEN kind = 'session' THEN :end ELSE expires_at END
                        WHERE id = :id""")
                .bind("now", now).bind("end", sessionEnd).bind("id", id).execute();
        return kind.equals("session") ? sessionEnd : null;
    }

    private static long insert(Handle h, long userId, String kind, String name, String secret, String csrf, Instant now, Instant expires,
                               String address) {
        return h.createUpdate("""
                        INSERT INTO auth_token (user_id, kind, name, secret_hash, csrf, created_at, last_used_at, expires_at, address)
                        VALUES (:user, :kind, :name, :hash, :csrf, :now, :now, :expires, :address)""")
                .bind("user", userId).bind("kind", kind).bind("name", name).bind("hash", Secrets.sha256(secret)).bind("csrf", csrf)
                .bind("now", now).bind("expires", expires).bind("address", address)
                .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
    }

    private static <T extends Comparable<? super T>> T min(T a, T b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
