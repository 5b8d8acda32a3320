package dev.herald.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyOperation;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.Key;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One JWK Set as it was fetched, read for the configured algorithm: the keys that can verify its tokens, by
 * {@code kid}, and why each of the others cannot, so that a token naming an unsuitable key is told why rather than
 * sent after a key that will never come.
 */
final class KeySet {

    private final String source;
    private final String algorithm;
    private final Map<String, JWSVerifier> byKid = new LinkedHashMap<>();
    private final List<JWSVerifier> usable = new ArrayList<>();
    private final Map<String, String> refusedByKid = new LinkedHashMap<>();

    private KeySet(String source, String algorithm) {
        this.source = source;
        this.algorithm = algorithm;
    }

    /**
     * @param json      the JWK Set document ({@code {"keys":[…]}})
     * @param algorithm the algorithm tokens are signed with: HS256, RS256 or ES256
     * @param source    where it came from, named in refusals
     * @throws ParseException when the document is not a JWK Set
     */
    static KeySet read(String json, String algorithm, String source) throws ParseException {
        KeySet set = new KeySet(source, algorithm);
        for (JWK jwk : JWKSet.parse(json).getKeys()) {
            String kid = jwk.getKeyID();
            try {
                JWSVerifier verifier = Verifiers.of(algorithm, key(jwk, algorithm));
                set.usable.add(verifier);
                if (kid != null) {
                    set.byKid.putIfAbsent(kid, verifier);
                }
            } catch (IllegalArgumentException | JOSEException e) {
                if (kid != null) {
                    set.refusedByKid.putIfAbsent(kid, e.getMessage());
                }
            }
        }
        set.refusedByKid.keySet().removeAll(set.byKid.keySet());
        return set;
    }

    /**
     * @param kid the token's {@code kid}, or {@code null}: then the set's only usable key, if it has exactly one
     * @return the verifier of the key with that kid, or {@code null} when the set has none by that kid
     * @throws AuthorizationException when the key with that kid cannot verify the algorithm, or when a token without
     *                                a kid does not say which of several keys it means
     */
    JWSVerifier verifierFor(String kid) {
        if (kid == null) {
            if (usable.size() == 1) {
                return usable.get(0);
            }
            throw AuthorizationException.invalid("the token has no kid header, and " + source + " holds "
                    + usable.size() + " keys that can verify " + algorithm + " tokens"
                    + (usable.isEmpty() ? "" : ": sign it with a kid that names one"));
        }
        String refused = refusedByKid.get(kid);
        if (refused != null) {
            throw AuthorizationException.invalid("the key with kid '" + Tokens.quote(kid) + "' in " + source + " "
                    + refused);
        }
        return byKid.get(kid);
    }

    /** The kids of the keys that can verify tokens. */
    Set<String> kids() {
        return byKid.keySet();
    }

    /** Why each key that cannot verify tokens cannot, by kid. */
    Map<String, String> refused() {
        return refusedByKid;
    }

    /** How many keys can verify tokens, with or without a kid. */
    int size() {
        return usable.size();
    }

    private static Key key(JWK jwk, String algorithm) throws JOSEException {
        if (jwk.getKeyUse() != null && !KeyUse.SIGNATURE.equals(jwk.getKeyUse())) {
            throw new IllegalArgumentException("is for use '" + jwk.getKeyUse().identifier() + "', not 'sig'");
        }
        if (jwk.getAlgorithm() != null && !jwk.getAlgorithm().getName().equals(algorithm)) {
            throw new IllegalArgumentException("is for " + jwk.getAlgorithm().getName() + "; this hub verifies "
                    + algorithm);
        }
        if (jwk.getKeyOperations() != null && !jwk.getKeyOperations().contains(KeyOperation.VERIFY)) {
            throw new IllegalArgumentException("has key_ops without 'verify'");
        }
        if (jwk instanceof RSAKey rsa) {
            return rsa.toRSAPublicKey();
        }
        if (jwk instanceof ECKey ec) {
            return ec.toECPublicKey();
        }
        if (jwk instanceof OctetSequenceKey oct) {
            return oct.toSecretKey("HmacSHA256");
        }
        throw new IllegalArgumentException("is of key type " + jwk.getKeyType() + ", which cannot verify " + algorithm);
    }
}
