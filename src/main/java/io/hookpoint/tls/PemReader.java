package io.hookpoint.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

/**
 * Reads PEM certificates and unencrypted private keys. The usual forms (certificates, a PKCS#8
 * {@code PRIVATE KEY}) are read with the JDK's own classes; only the others (PKCS#1 {@code RSA PRIVATE KEY},
 * SEC1 {@code EC PRIVATE KEY}, certificates with text around them the JDK refuses) fall back to BouncyCastle.
 * Why: BouncyCastle's jar is signed, so the start-up cache cannot hold its classes, and loading them was a
 * quarter of the main thread's start-up (docs/performance.md, "Start-up").
 */
final class PemReader {
    private static final Pattern PKCS8 = Pattern.compile(
            "-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final List<String> KEY_ALGORITHMS = List.of("RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS");

    private PemReader() {
    }

    static List<X509Certificate> certificates(Path file) throws IOException, CertificateException {
        byte[] pem = Files.readAllBytes(file);
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem))) {
                chain.add((X509Certificate) certificate);
            }
            if (!chain.isEmpty()) {
                return chain;
            }
        } catch (CertificateException e) {
            // text the JDK does not skip (e.g. openssl's "Bag Attributes"): BouncyCastle's parser does
        }
        return certificatesByBouncyCastle(file);
    }

    static PrivateKey key(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher pkcs8 = PKCS8.matcher(pem);
        if (pkcs8.find()) {
            byte[] der = Base64.getMimeDecoder().decode(pkcs8.group(1));
            for (String algorithm : KEY_ALGORITHMS) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
                } catch (GeneralSecurityException e) {
                    // not this algorithm's key: the next
                }
            }
        }
        return keyByBouncyCastle(file);
    }

    private static List<X509Certificate> certificatesByBouncyCastle(Path file) throws IOException,
            CertificateException {
        List<X509Certificate> chain = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof X509CertificateHolder holder) {
                    chain.add(converter.getCertificate(holder));
                }
            }
        }
        return chain;
    }

    private static PrivateKey keyByBouncyCastle(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
             PEMParser parser = new PEMParser(reader)) {
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    // the private part alone: an SEC1 key may come without its public key
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        return null;
    }
}
