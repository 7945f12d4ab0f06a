package io.derrick.hub;

import io.derrick.hub.platform.db.Database;
import io.derrick.hub.auth.Users;
import io.derrick.hub.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code hub users …}: the first admin and a locked-out admin's way back, on a real database, audited. */
class UsersCommandIT {
    private TestDatabase db;
    private Database database;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final InputStream stdin = System.in;

    @BeforeEach
    void start() throws Exception {
        db = TestDatabase.create();
        database = new Database(db.url(), db.user(), db.password(), 2).migrate();
    }

    @AfterEach
    void stop() throws Exception {
        System.setIn(stdin);
        database.close();
        db.close();
    }

    private int run(String passwordLine, String... args) throws Exception {
        System.setIn(new ByteArrayInputStream((passwordLine + "\n").getBytes(StandardCharsets.UTF_8)));
        return new UsersCommand(new Users(database, java.time.Clock.systemUTC(), client -> false), new PrintStream(out, true, StandardCharsets.UTF_8)).run(List.of(args));
    }

    @Test
    void addsTheFirstAdminListsAndResetsAPasswordEachAudited() throws Exception {
        assertThat(run("a long first password", "add", "Alice", "--roles", "admin,manager", "--name", "Alice Admin",
                "--password-stdin")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("created alice [manager, admin]");
        Users users = new Users(database, java.time.Clock.systemUTC(), client -> false);
        assertThat(users.signIn("alice", "a long first password", "127.0.0.1")).isInstanceOf(Users.SignIn.Ok.class);

        assertThat(run("", "list")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("alice", "Alice Admin");

        for (int i = 0; i < Users.FREE_FAILURES; i++) {
            users.signIn("alice", "wrong " + i, "127.0.0.1");
        }
        assertThat(users.signIn("alice", "a long first password", "127.0.0.1")).isInstanceOf(Users.SignIn.Locked.class);
        assertThat(run("the second password", "password", "alice", "--password-stdin")).isZero();
        assertThat(users.signIn("alice", "the second password", "127.0.0.1")).as("unlocked").isInstanceOf(Users.SignIn.Ok.class);

        assertThat(db.query("SELECT action, via FROM audit_log WHERE via = 'command-line' ORDER BY id"))
                .containsExactly(List.of("user.create", "command-line"), List.of("user.resetPassword", "command-line"));
    }

    @Test
    void refusesWeakPasswordsUnknownRolesAndAMissingTerminal() {
        assertThatThrownBy(() -> run("short", "add", "bob", "--roles", "admin", "--password-stdin"))
                .hasMessageContaining("at least 10 characters");
        assertThatThrownBy(() -> run("long enough password", "add", "bob", "--roles", "wizard", "--password-stdin"))
                .hasMessageContaining("unknown role 'wizard'");
        assertThatThrownBy(() -> run("long enough password", "add", "bob", "--password-stdin"))
                .hasMessageContaining("--roles is required");
        assertThatThrownBy(() -> run("long enough password", "add", "bob", "--roles", "admin"))
                .hasMessageContaining("--password-stdin");
        assertThatThrownBy(() -> run("long enough password", "add", "bob", "--roles", "client", "--password-stdin"))
                .hasMessageContaining("belongs to a client");
    }
}
