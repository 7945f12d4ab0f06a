package io.derrick.hub.auth;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.audit.Audit;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.User;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The hub's users: creation and changes (each audited in its transaction), sign-in with a per-account lockout
 * that doubles after repeated failures, and password changes. Time is the hub's clock.
 */
public final class Users {
    /** Failures in a row before the account locks; each further failure doubles the lock, up to {@link #MAX_LOCK}. */
    public static final int FREE_FAILURES = 5;
    static final Duration FIRST_LOCK = Duration.ofSeconds(30);
    static final Duration MAX_LOCK = Duration.ofMinutes(15);

    private static final String SELECT = """
            SELECT id, username, display_name, email, roles, client_id, disabled, created_at, last_login_at, locked_until
            FROM app_user""";

    /** The fields an admin sets on a new user. */
    public record NewUser(String username, String displayName, String email, Set<Role> roles, String client, String password) {
    }

    /** A change to a user; null fields stay as they are ({@code clearClient} removes the client). */
    public record Change(String displayName, String email, Set<Role> roles, String client, boolean clearClient, Boolean disabled) {
    }

    /** The outcome of a sign-in attempt. */
    public sealed interface SignIn {
        record Ok(User user) implements SignIn {
        }

        /** wrong username or password; the same answer either way */
        record Wrong() implements SignIn {
        }

        record Locked(Instant until) implements SignIn {
        }

        record Disabled() implements SignIn {
        }
    }

    /** A refused change, with the field it is about. */
    public static final class Refused extends RuntimeException {
        private final String field;

        public Refused(String field, String message) {
            super(message);
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    private final Database db;
    private final Clock clock;
    private final Predicate<String> clientExists;

    /** @param clientExists whether a client of that id exists (the fleet's clients) */
    public Users(Database db, Clock clock, Predicate<String> clientExists) {
        this.db = db;
        this.clock = clock;
        this.clientExists = clientExists;
    }

    public long count() {
        return db.read(h -> h.createQuery("SELECT count(*) FROM app_user").mapTo(Long.class).one());
    }

    public List<User> list() {
        return db.read(h -> h.createQuery(SELECT + " ORDER BY username").map((rs, ctx) -> user(rs)).list());
    }

    public Optional<User> get(long id) {
        return db.read(h -> find(h, "id = ?", id));
    }

    public Optional<User> byUsername(String username) {
        return db.read(h -> find(h, "username = ?", normalize(username)));
    }

    public User create(NewUser u, Actor actor) {
        checkRolesAndClient(u.roles(), u.client());
        checkClientExists(u.client());
        String hash = Passwords.hash(u.password());
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            if (find(h, "username = ?", u.username()).isPresent()) {
                throw new Refused("username", "a user named " + u.username() + " exists already");
            }
            long id = h.createUpdate("""
                            INSERT INTO app_user (username, display_name, email, password_hash, roles, client_id, created_at, password_changed_at)
                            VALUES (:username, :name, :email, :hash, :roles, :client, :now, :now)""")
                    .bind("username", u.username()).bind("name", u.displayName()).bind("email", u.email()).bind("hash", hash)
                    .bindArray("roles", String.class, wire(u.roles())).bind("client", u.client()).bind("now", now)
                    .executeAndReturnGeneratedKeys("id").mapTo(Long.class).one();
            User created = find(h, "id = ?", id).orElseThrow();
            Audit.record(h, now, actor, "user.create", "user", id, null, created);
            return created;
        });
    }

    /** Applies {@code change}; disabling a user also revokes its sessions and tokens. One enabled admin always remains. */
    public Optional<User> update(long id, Change change, Actor actor) {
        if (change.client() != null) {
            checkClientExists(change.client());
        }
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<User> found = find(h, "id = ? FOR UPDATE", id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            User before = found.get();
            Set<Role> roles = change.roles() != null ? change.roles() : before.roles();
            String client = change.clearClient() ? null : change.client() != null ? change.client() : before.client();
            boolean disabled = change.disabled() != null ? change.disabled() : before.disabled();
            checkRolesAndClient(roles, client);
            if (before.has(Role.ADMIN) && !before.disabled() && (!roles.contains(Role.ADMIN) || disabled) && enabledAdmins(h) <= 1) {
                throw new Refused(disabled ? "disabled" : "roles", before.username() + " is the only enabled admin; make another admin first");
            }
            boolean reenabled = before.disabled() && !disabled;
            h.createUpdate("""
                            UPDATE app_user SET display_name = :name, email = :email, roles = :roles, client_id = :client, disabled = :disabled,
                                   failed_logins = CASE WHEN :reenabled THEN 0 ELSE failed_logins END,
                                   locked_until = CASE WHEN :reenabled THEN NULL ELSE locked_until END
                            WHERE id = :id""")
                    .bind("name", change.displayName() != null ? change.displayName() : before.displayName())
                    .bind("email", change.email() != null ? emptyToNull(change.email()) : before.email())
                    .bindArray("roles", String.class, wire(roles)).bind("client", client).bind("disabled", disabled)
                    .bind("reenabled", reenabled).bind("id", id).execute();
            if (disabled && !before.disabled()) {
                Credentials.revokeAll(h, id, now);
            }
            User after = find(h, "id = ?", id).orElseThrow();
            Audit.record(h, now, actor, "user.update", "user", id, before, after);
            return Optional.of(after);
        });
    }

    /** Sets a new password (the caller checked it) and signs the user out everywhere. */
    public boolean setPassword(long id, String password, Actor actor, String action) {
        String hash = Passwords.hash(password);
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            Optional<User> user = find(h, "id = ? FOR UPDATE", id);
            if (user.isEmpty()) {
                return false;
            }
            h.createUpdate("""
                            UPDATE app_user SET password_hash = :hash, password_changed_at = :now, failed_logins = 0, locked_until = NULL
                            WHERE id = :id""")
                    .bind("hash", hash).bind("now", now).bind("id", id).execute();
            int revoked = Credentials.revokeAll(h, id, now);
            Audit.record(h, now, actor, action, "user", id, null, Map.of("username", user.get().username(), "signedOut", revoked));
            return true;
        });
    }

    /** True when {@code password} is the user's current one (for a change of one's own password). */
    public boolean passwordMatches(long id, String password) {
        String stored = db.read(h -> h.createQuery("SELECT password_hash FROM app_user WHERE id = ?").bind(0, id)
                .mapTo(String.class).findOne().orElse(null));
        return Passwords.verify(password, stored);
    }

    /**
     * Checks a sign-in. The password is hashed even for an unknown user (same time either way); failures count
     * towards the lockout, and each one, like each success, is in the audit trail.
     */
    public SignIn signIn(String username, String password, String address) {
        String name = normalize(username);
        Instant now = clock.instant();
        return db.inTransaction(h -> {
            record Row(long id, String hash, boolean disabled, int failures, Instant lockedUntil) {
            }
            Optional<Row> row = h.createQuery("SELECT id, password_hash, disabled, failed_logins, locked_until FROM app_user WHERE username = ? FOR UPDATE")
                    .bind(0, name)
                    .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("password_hash"), rs.getBoolean("disabled"),
                            rs.getInt("failed_logins"), instant(rs, "locked_until")))
                    .findOne();
            Long id = row.map(Row::id).orElse(null);
            Instant lockedUntil = row.map(Row::lockedUntil).orElse(null);
            if (lockedUntil != null && lockedUntil.isAfter(now)) {
                Audit.record(h, now, Actor.anonymous(name, address), "session.refused", "user", id, null, Map.of("reason", "locked until " + lockedUntil));
                return new SignIn.Locked(lockedUntil);
            }
            String stored = row.map(Row::hash).orElse(null);
            if (!Passwords.verify(password, stored)) {
                int failures = row.map(Row::failures).orElse(0);
                if (id != null) {
                    failures++;
                    Instant lock = failures >= FREE_FAILURES ? now.plus(lockFor(failures)) : null;
                    h.createUpdate("UPDATE app_user SET failed_logins = :failures, locked_until = :lock WHERE id = :id")
                            .bind("failures", failures).bind("lock", lock).bind("id", id).execute();
                }
                Audit.record(h, now, Actor.anonymous(name, address), "session.failed", "user", id, null,
                        Map.of("reason", id == null ? "no such user" : "wrong password", "failuresInARow", failures));
                return new SignIn.Wrong();
            }
            if (row.get().disabled()) {
                Audit.record(h, now, Actor.anonymous(name, address), "session.refused", "user", id, null, Map.of("reason", "disabled"));
                return new SignIn.Disabled();
            }
            boolean rehash = Passwords.needsRehash(stored);
            h.createUpdate("""
                            UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = :now,
                                   password_hash = CASE WHEN :rehash THEN :hash ELSE password_hash END
                            WHERE id = :id""")
                    .bind("now", now).bind("rehash", rehash).bind("hash", rehash ? Passwords.hash(password) : null).bind("id", id).execute();
            return new SignIn.Ok(find(h, "id = ?", id).orElseThrow());
        });
    }

    static Duration lockFor(int failures) {
        int doublings = Math.min(failures - FREE_FAILURES, 10);
        Duration lock = FIRST_LOCK.multipliedBy(1L << doublings);
        return lock.compareTo(MAX_LOCK) > 0 ? MAX_LOCK : lock;
    }

    /** Usernames are case-insensitive: kept and compared in lower case. */
    public static String normalize(String username) {
        return username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<User> find(Handle h, String where, Object arg) {
        return h.createQuery(SELECT + " WHERE " + where).bind(0, arg).map((rs, ctx) -> user(rs)).findOne();
    }

    private static void checkRolesAndClient(Set<Role> roles, String client) {
        if (roles.isEmpty()) {
            throw new Refused("roles", "at least one role: " + Role.names());
        }
        if (roles.contains(Role.CLIENT) && client == null) {
            throw new Refused("client", "a user with the role client belongs to a client: name it");
        }
        if (!roles.contains(Role.CLIENT) && client != null) {
            throw new Refused("client", "only users with the role client belong to a client");
        }
        if (roles.contains(Role.CLIENT) && roles.size() > 1
                && roles.stream().anyMatch(r -> r == Role.ADMIN || r == Role.MANAGER || r == Role.MAINTENANCE)) {
            throw new Refused("roles", "a client user cannot also be admin, manager or maintenance (the contractor's roles)");
        }
    }

    private void checkClientExists(String client) {
        if (client != null && !clientExists.test(client)) {
            throw new Refused("client", "no client " + client);
        }
    }

    private static int enabledAdmins(Handle h) {
        return h.createQuery("SELECT count(*) FROM app_user WHERE 'admin' = ANY (roles) AND NOT disabled").mapTo(Integer.class).one();
    }

    private static List<String> wire(Set<Role> roles) {
        return roles.stream().map(Role::wire).toList();
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"), rs.getString("email"),
                User.roles((String[]) rs.getArray("roles").getArray()), rs.getString("client_id"), rs.getBoolean("disabled"),
                instant(rs, "created_at"), instant(rs, "last_login_at"), instant(rs, "locked_until"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        java.sql.Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String emptyToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
