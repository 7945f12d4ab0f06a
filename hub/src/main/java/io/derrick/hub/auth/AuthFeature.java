package io.derrick.hub.auth;

import io.derrick.hub.platform.Feature;
import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.platform.config.ConfigReader;
import io.derrick.hub.platform.db.Database;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.Routes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * People: users with roles, sign-in (sessions with CSRF tokens, API tokens), the per-account lockout and the
 * per-address sign-in limit, the first admin. {@code security} in the hub's configuration.
 */
public final class AuthFeature implements Feature {
    private static final Logger log = LoggerFactory.getLogger(AuthFeature.class);

    /** {@code security.*}: sign-in, the API's limits, the first admin. */
    public record Settings(Duration sessionIdle, Duration sessionMax, boolean secureCookies, int requestsPerMinute,
                           int signInsPerMinute, String initialAdmin, Path initialAdminPasswordFile, Set<Role> initialAdminRoles) {

        public static Settings from(ConfigReader security) {
            Duration idle = security.duration("sessionIdle", null);
            Duration max = security.duration("sessionMax", null);
            if (idle.isNegative() || idle.isZero() || max.compareTo(idle) < 0) {
                security.problem("sessionIdle", "positive, with sessionMax >= sessionIdle; got " + idle + " and " + max);
            }
            ConfigReader admin = security.get("initialAdmin");
            String username = admin.string("username");
            Path passwordFile = Path.of(admin.string("passwordFile"));
            Set<Role> roles = EnumSet.noneOf(Role.class);
            for (String name : admin.strings("roles")) {
                Role.parse(name).ifPresentOrElse(roles::add, () -> admin.problem("roles", "unknown role '" + name + "'; roles are " + Role.names()));
            }
            if (!username.isEmpty()) {
                if (!roles.contains(Role.ADMIN)) {
                    admin.problem("roles", "the first admin needs the role admin, got " + roles);
                }
                if (!Files.isReadable(passwordFile)) {
                    admin.problem("passwordFile", "cannot read '" + passwordFile + "' (a file holding the first admin's password)");
                }
            }
            return new Settings(idle, max, security.choice("secureCookies", "true", "false").equals("true"),
                    security.integer("requestsPerMinute", 10, 1_000_000), security.integer("signInsPerMinute", 1, 10_000),
                    username, passwordFile, Set.copyOf(roles));
        }
    }

    private final Settings settings;
    private final Users users;
    private final Credentials credentials;
    private final Clock clock;

    /** @param clientExists whether a client exists (the fleet's clients), for a client user */
    public AuthFeature(Settings settings, Database db, Clock clock, Predicate<String> clientExists) {
        this.settings = settings;
        this.clock = clock;
        this.users = new Users(db, clock, clientExists);
        this.credentials = new Credentials(db, clock, settings.sessionIdle(), settings.sessionMax());
    }

    @Override
    public String name() {
        return "auth";
    }

    public Users users() {
        return users;
    }

    /** Who a session's or token's secret stands for: the route table's authenticator. */
    public Credentials credentials() {
        return credentials;
    }

    @Override
    public void routes(Routes api) {
        new SessionRoutes(users, credentials, settings.signInsPerMinute(), clock).routes(api);
        new UserAdminRoutes(users, credentials).routes(api.under("/admin"));
    }

    /** At the first start (no user at all): the admin of {@code security.initialAdmin}, or a word on how to make one. */
    public void createInitialAdmin() {
        if (users.count() > 0) {
            return;
        }
        if (settings.initialAdmin().isEmpty()) {
            log.warn("the hub has no users yet, so nobody can sign in: create the first admin with "
                    + "'bin/derrick-hub users add NAME --roles admin' (with the hub stopped when its PostgreSQL is embedded), "
                    + "or set security.initialAdmin");
            return;
        }
        String password;
        try {
            password = Files.readString(settings.initialAdminPasswordFile()).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("security.initialAdmin.passwordFile " + settings.initialAdminPasswordFile() + ": " + e.getMessage(), e);
        }
        List<String> problems = Passwords.problems(password, settings.initialAdmin());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("security.initialAdmin.passwordFile " + settings.initialAdminPasswordFile()
                    + ": the password is not acceptable: " + String.join("; ", problems));
        }
        users.create(new Users.NewUser(Users.normalize(settings.initialAdmin()), settings.initialAdmin(), null, settings.initialAdminRoles(),
                null, password), Actor.config());
        log.info("created the first admin, {}, from security.initialAdmin", settings.initialAdmin());
    }
}
