package dev.herald.security;

import com.nimbusds.jose.JWSVerifier;

/** Where the key that verifies one role's tokens comes from: a configured key, or a JWK Set fetched from a URL. */
@FunctionalInterface
interface TokenKeys {

    /**
     * @param kid the token's {@code kid} header, or {@code null} when it has none
     * @throws AuthorizationException   (401) when no key can verify a token with that kid
     * @throws KeysUnavailableException (503) when the keys cannot be had yet, through no fault of the client's
     */
    JWSVerifier verifierFor(String kid);
}
