package io.derrick.hub.security;

import io.derrick.hub.audit.Actor;
import io.derrick.hub.audit.Audit;
import io.derrick.hub.db.Database;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's users: creation and changes (each audited in its transaction), sign-in with a per-account lockout
 * that doubles after repeated failures, and password changes.
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

    public Users(Database db) {
        this.db = db;
    }

    public long count() throws SQLException {
        return db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM app_user"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    public List<User> list() throws SQLException {
        return db.transaction(c -> {
            List<User> users = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY username"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    users.add(user(rs));
                }
            }
            return users;
        });
    }

    public Optional<User> get(long id) throws SQLException {
        return db.transaction(c -> find(c, "id = ?", id));
    }

    public Optional<User> byUsername(String username) throws SQLException {
        return db.transaction(c -> find(c, "username = ?", normalize(username)));
    }

    public User create(NewUser u, Actor actor) throws SQLException {
        checkRolesAndClient(u.roles(), u.client());
        return db.transaction(c -> {
            if (find(c, "username = ?", u.username()).isPresent()) {
                throw new Refused("username", "a user named " + u.username() + " exists already");
            }
            checkClientExists(c, u.client());
            long id;
            try (PreparedStatement ps = c.prepareStatement("""
                    INSERT INTO app_user (username, display_name, email, password_hash, roles, client_id)
                    VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")) {
                ps.setString(1, u.username());
                ps.setString(2, u.displayName());
                ps.setString(3, u.email());
                ps.setString(4, Passwords.hash(u.password()));
                ps.setArray(5, roles(c, u.roles()));
                ps.setString(6, u.client());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    id = rs.getLong(1);
                }
            }
            User created = find(c, "id = ?", id).orElseThrow();
            Audit.record(c, actor, "user.create", "user", id, null, created);
            return created;
        });
    }

    /** Applies {@code change}; disabling a user also revokes its sessions and tokens. One enabled admin always remains. */
    public Optional<User> update(long id, Change change, Actor actor) throws SQLException {
        return db.transaction(c -> {
            Optional<User> found = find(c, "id = ? FOR UPDATE", id);
            if (found.isEmpty()) {
                return Optional.empty();
            }
            User before = found.get();
            Set<Role> roles = change.roles() != null ? change.roles() : before.roles();
            String client = change.clearClient() ? null : change.client() != null ? change.client() : before.client();
            boolean disabled = change.disabled() != null ? change.disabled() : before.disabled();
            checkRolesAndClient(roles, client);
            checkClientExists(c, client);
            if (before.has(Role.ADMIN) && !before.disabled() && (!roles.contains(Role.ADMIN) || disabled) && enabledAdmins(c) <= 1) {
                throw new Refused(disabled ? "disabled" : "roles", before.username() + " is the only enabled admin; make another admin first");
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE app_user SET display_name = ?, email = ?, roles = ?, client_id = ?, disabled = ?,
                           failed_logins = CASE WHEN ? THEN 0 ELSE failed_logins END,
                           locked_until = CASE WHEN ? THEN NULL ELSE locked_until END
                    WHERE id = ?""")) {
                ps.setString(1, change.displayName() != null ? change.displayName() : before.displayName());
                ps.setString(2, change.email() != null ? emptyToNull(change.email()) : before.email());
                ps.setArray(3, roles(c, roles));
                ps.setString(4, client);
                ps.setBoolean(5, disabled);
                boolean reenabled = before.disabled() && !disabled;
                ps.setBoolean(6, reenabled);
                ps.setBoolean(7, reenabled);
                ps.setLong(8, id);
                ps.executeUpdate();
            }
            if (disabled && !before.disabled()) {
                Credentials.revokeAll(c, id);
            }
            User after = find(c, "id = ?", id).orElseThrow();
            Audit.record(c, actor, "user.update", "user", id, before, after);
            return Optional.of(after);
        });
    }

    /** Sets a new password (the caller checked it) and signs the user out everywhere. */
    public boolean setPassword(long id, String password, Actor actor, String action) throws SQLException {
        return db.transaction(c -> {
            Optional<User> user = find(c, "id = ? FOR UPDATE", id);
            if (user.isEmpty()) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE app_user SET password_hash = ?, password_changed_at = now(), failed_logins = 0, locked_until = NULL
                    WHERE id = ?""")) {
                ps.setString(1, Passwords.hash(password));
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            int revoked = Credentials.revokeAll(c, id);
            Audit.record(c, actor, action, "user", id, null, Map.of("username", user.get().username(), "signedOut", revoked));
            return true;
        });
    }

    /** True when {@code password} is the user's current one (for a change of one's own password). */
    public boolean passwordMatches(long id, String password) throws SQLException {
        String stored = db.transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT password_hash FROM app_user WHERE id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : null;
                }
            }
        });
        return Passwords.verify(password, stored);
    }

    /**
     * Checks a sign-in. The password is hashed even for an unknown user (same time either way); failures count
     * towards the lockout, and each one, like each success, is in the audit trail.
     */
    public SignIn signIn(String username, String password, String address) throws SQLException {
        String name = normalize(username);
        return db.transaction(c -> {
            Long id = null;
            String stored = null;
            boolean disabled = false;
            int failures = 0;
            Instant lockedUntil = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, password_hash, disabled, failed_logins, locked_until FROM app_user WHERE username = ? FOR UPDATE")) {
                ps.setString(1, name);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong("id");
                        stored = rs.getString("password_hash");
                        disabled = rs.getBoolean("disabled");
                        failures = rs.getInt("failed_logins");
                        lockedUntil = instant(rs, "locked_until");
                    }
                }
            }
            Instant now = Instant.now();
            if (lockedUntil != null && lockedUntil.isAfter(now)) {
                Audit.record(c, Actor.anonymous(name, address), "session.refused", "user", id, null, Map.of("reason", "locked until " + lockedUntil));
                return new SignIn.Locked(lockedUntil);
            }
            boolean ok = Passwords.verify(password, stored);
            if (!ok) {
                if (id != null) {
                    failures++;
                    Instant lock = failures >= FREE_FAILURES ? now.plus(lockFor(failures)) : null;
                    try (PreparedStatement ps = c.prepareStatement("UPDATE app_user SET failed_logins = ?, locked_until = ? WHERE id = ?")) {
                        ps.setInt(1, failures);
                        ps.setTimestamp(2, lock == null ? null : Timestamp.from(lock));
                        ps.setLong(3, id);
                        ps.executeUpdate();
                    }
                }
                Audit.record(c, Actor.anonymous(name, address), "session.failed", "user", id, null,
                        Map.of("reason", id == null ? "no such user" : "wrong password", "failuresInARow", failures));
                return new SignIn.Wrong();
            }
            if (disabled) {
                Audit.record(c, Actor.anonymous(name, address), "session.refused", "user", id, null, Map.of("reason", "disabled"));
                return new SignIn.Disabled();
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    UPDATE app_user SET failed_logins = 0, locked_until = NULL, last_login_at = now(),
                           password_hash = CASE WHEN ? THEN ? ELSE password_hash END
                    WHERE id = ?""")) {
                boolean rehash = Passwords.needsRehash(stored);
                ps.setBoolean(1, rehash);
                ps.setString(2, rehash ? Passwords.hash(password) : null);
                ps.setLong(3, id);
                ps.executeUpdate();
            }
            return new SignIn.Ok(find(c, "id = ?", id).orElseThrow());
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

    static Optional<User> find(Connection c, String where, Object arg) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE " + where)) {
            ps.setObject(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(user(rs)) : Optional.empty();
            }
        }
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

    private static void checkClientExists(Connection c, String client) throws SQLException {
        if (client == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM client WHERE id = ?")) {
            ps.setString(1, client);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new Refused("client", "no client " + client);
                }
            }
        }
    }

    private static int enabledAdmins(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM app_user WHERE 'admin' = ANY (roles) AND NOT disabled");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static Array roles(Connection c, Set<Role> roles) throws SQLException {
        return c.createArrayOf("text", roles.stream().map(Role::wire).toArray());
    }

    private static User user(ResultSet rs) throws SQLException {
        return new User(rs.getLong("id"), rs.getString("username"), rs.getString("display_name"), rs.getString("email"),
                User.roles((String[]) rs.getArray("roles").getArray()), rs.getString("client_id"), rs.getBoolean("disabled"),
                instant(rs, "created_at"), instant(rs, "last_login_at"), instant(rs, "locked_until"));
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String emptyToNull(String s) {
        return s.isBlank() ? null : s;
    }
}
