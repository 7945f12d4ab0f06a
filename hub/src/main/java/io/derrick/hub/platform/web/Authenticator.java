package io.derrick.hub.platform.web;

import java.util.Optional;

/** Who a credential's secret stands for: the auth feature's sessions and tokens, as the route table asks. */
@FunctionalInterface
public interface Authenticator {
    /**
     * The principal of a live credential, if {@code secret} is one.
     *
     * @param bearer true for an {@code Authorization: Bearer} token, false for the session cookie
     */
    Optional<Principal> authenticate(String secret, boolean bearer, String address);
}
