package io.hookpoint.providers.vonage;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Vonage's signature of a signed request ({@code sig}): every parameter but {@code sig} with a non-blank value,
 * sorted by name, written as {@code &name=value} with each {@code &} and {@code =} inside a name or value
 * replaced by {@code _}; then MD5(that + secret) ({@code md5hash}, the dashboard's default) or the HMAC of it
 * keyed by the secret, in hex.
 */
public final class VonageSignature {

    /** The signature methods of Vonage's dashboard. */
    public enum Method {
        /** MD5 of the string followed by the secret: Vonage's default. */
        MD5HASH("md5hash", null),
        /** HMAC-MD5. */
        MD5("md5", "HmacMD5"),
        /** HMAC-SHA1. */
        SHA1("sha1", "HmacSHA1"),
        /** HMAC-SHA256. */
        SHA256("sha256", "HmacSHA256"),
        /** HMAC-SHA512. */
        SHA512("sha512", "HmacSHA512");

        private final String setting;
        private final String mac;

        Method(String setting, String mac) {
            this.setting = setting;
            this.mac = mac;
        }

        /**
         * The method of a setting.
         *
         * @param setting {@code HOOKPOINT_VONAGE_SIGNATURE_METHOD}, any case
         * @return the method
         * @throws IllegalArgumentException for another name
         */
        static Method named(String setting) {
            for (Method method : values()) {
                if (method.setting.equalsIgnoreCase(setting.strip())) {
                    return method;
                }
            }
            throw new IllegalArgumentException("HOOKPOINT_VONAGE_SIGNATURE_METHOD must be md5hash, md5, sha1, sha256"
                    + " or sha512, is '" + setting + "'");
        }
    }

    private VonageSignature() {
    }

    /**
     * The signature of some parameters.
     *
     * @param params the parameters (a {@code sig} among them is left out)
     * @param secret the signature secret
     * @param method the method
     * @return the signature, lower-case hex
     */
    static String of(Map<String, String> params, String secret, Method method) {
        StringBuilder data = new StringBuilder();
        params.entrySet().stream()
                .filter(p -> !p.getKey().equals("sig") && p.getValue() != null && !p.getValue().isBlank())
                .sorted(Map.Entry.comparingByKey())
                .forEach(p -> data.append('&').append(clean(p.getKey())).append('=').append(clean(p.getValue())));
        try {
            byte[] digest;
            if (method.mac == null) {
                digest = MessageDigest.getInstance("MD5")
                        .digest((data + secret).getBytes(StandardCharsets.UTF_8));
            } else {
                Mac mac = Mac.getInstance(method.mac);
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), method.mac));
                digest = mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(method + " is part of every JDK", e);
        }
    }

    /**
     * Whether a given signature is right, in constant time and in either case of hex.
     *
     * @param expected the signature computed here
     * @param given    the {@code sig} that came
     * @return whether they are the same
     */
    static boolean matches(String expected, String given) {
        return MessageDigest.isEqual(expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                given.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
    }

    private static String clean(String text) {
        return text.replace('&', '_').replace('=', '_');
    }
}
