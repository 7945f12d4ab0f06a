package io.derrick.hub;

import io.derrick.hub.platform.audit.Actor;
import io.derrick.hub.auth.Passwords;
import io.derrick.hub.platform.web.Role;
import io.derrick.hub.platform.web.User;
import io.derrick.hub.auth.Users;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code HubMain users …}: user administration from the command line, for the first admin and for an admin locked
 * out. Works on the hub's database directly (the embedded one only while the hub is stopped); audited as the command line.
 * <pre>
 *   users add NAME --roles admin[,manager…] [--name "Full Name"] [--email a@b] [--client ID] [--password-stdin]
 *   users password NAME [--password-stdin]      a new password; unlocks the account and signs it out everywhere
 *   users list
 * </pre>
 * The password is asked twice on the terminal (not echoed), or read as one line from standard input.
 */
final class UsersCommand {
    private final Users users;
    private final PrintStream out;

    UsersCommand(Users users, PrintStream out) {
        this.users = users;
        this.out = out;
    }

    /** Runs {@code args} (after "users"); returns the exit status. */
    int run(List<String> args) throws SQLException, IOException {
        if (args.isEmpty()) {
            throw new IllegalArgumentException("users: add, password or list");
        }
        List<String> rest = new ArrayList<>(args.subList(1, args.size()));
        boolean stdin = rest.remove("--password-stdin");
        switch (args.getFirst()) {
            case "list" -> {
                if (users.list().isEmpty()) {
                    out.println("no users yet: create the first admin with 'users add NAME --roles admin'");
                }
                for (User u : users.list()) {
                    out.printf("%-24s %-28s %s%s%s%n", u.username(), u.displayName(), u.roles().stream().map(Role::wire).toList(),
                            u.client() == null ? "" : " client " + u.client(), u.disabled() ? " DISABLED" : "");
                }
                return 0;
            }
            case "add" -> {
                String username = Users.normalize(positional(rest, "users add NAME"));
                Set<Role> roles = roles(option(rest, "--roles", null));
                String name = option(rest, "--name", username);
                String email = option(rest, "--email", null);
                String client = option(rest, "--client", null);
                unknown(rest);
                String password = password(username, stdin);
                User u = users.create(new Users.NewUser(username, name, email, roles, client, password), Actor.commandLine());
                out.println("created " + u.username() + " " + u.roles().stream().map(Role::wire).toList());
                return 0;
            }
            case "password" -> {
                String username = Users.normalize(positional(rest, "users password NAME"));
                unknown(rest);
                User u = users.byUsername(username).orElseThrow(() -> new IllegalArgumentException("no user " + username));
                users.setPassword(u.id(), password(username, stdin), Actor.commandLine(), "user.resetPassword");
                out.println("new password set for " + username + "; signed out everywhere, unlocked");
                return 0;
            }
            default -> throw new IllegalArgumentException("users: unknown command '" + args.getFirst() + "' (add, password, list)");
        }
    }

    private static String positional(List<String> rest, String usage) {
        if (rest.isEmpty() || rest.getFirst().startsWith("--")) {
            throw new IllegalArgumentException("usage: " + usage);
        }
        return rest.removeFirst();
    }

    private static String option(List<String> rest, String flag, String fallback) {
        int i = rest.indexOf(flag);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= rest.size()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        String value = rest.get(i + 1);
        rest.remove(i + 1);
        rest.remove(i);
        return value;
    }

    private static void unknown(List<String> rest) {
        if (!rest.isEmpty()) {
            throw new IllegalArgumentException("unknown argument(s): " + String.join(" ", rest));
        }
    }

    private static Set<Role> roles(String list) {
        if (list == null) {
            throw new IllegalArgumentException("--roles is required: a comma-separated list of " + Role.names());
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : list.split(",")) {
            roles.add(Role.parse(name.strip()).orElseThrow(() -> new IllegalArgumentException(
                    "unknown role '" + name + "'; roles are " + Role.names())));
        }
        return roles;
    }

    private static String password(String username, boolean stdin) throws IOException {
        String password;
        Console console = System.console();
        if (stdin || console == null) {
            if (!stdin) {
                throw new IllegalArgumentException("no terminal to ask the password on: pipe it in with --password-stdin");
            }
            password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (password == null) {
                throw new IllegalArgumentException("--password-stdin: standard input is empty");
            }
        } else {
            char[] first = console.readPassword("password for %s: ", username);
            char[] again = console.readPassword("the same again: ");
            if (first == null || again == null || !new String(first).equals(new String(again))) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            password = new String(first);
        }
        List<String> problems = Passwords.problems(password, username);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("the password is not acceptable: " + String.join("; ", problems));
        }
        return password;
    }
}
