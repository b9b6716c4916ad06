package io.hookpoint.tls;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;

import io.helidon.common.tls.Tls;


/**
 * The server's TLS: a certificate chain and key from PEM files (PKCS#8, PKCS#1 RSA or SEC1 EC keys),
 * TLS 1.3 and 1.2 only, with forward-secret AEAD cipher suites, and no client-initiated renegotiation.
 */
public final class ServerTls {
    /** Protocols offered. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    /** Cipher suites offered: TLS 1.3's, and ECDHE with AES-GCM or ChaCha20-Poly1305 for TLS 1.2. */
    public static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_AES_128_GCM_SHA256",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    static {
        // TLS 1.2 lets a client renegotiate on an open connection as often as it likes, each time a full
        // handshake for the server (a CPU-burning DoS). The JDK reads this once, at its first server-side
        // handshake, so it is set here, before any server TLS context of ours exists.
        System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
    }

    private ServerTls() {
    }

    /**
     * The configured certificate, or else the self-signed development certificate in the data directory
     * (made on first use).
     *
     * @param settings      the configured files, both or neither
     * @param dataDirectory where the development certificate lives
     * @param console       where the operator is told that the development certificate is in use
     * @return the server's TLS
     */
    public static Tls of(TlsSettings settings, Path dataDirectory, PrintStream console) {
        if (settings.certificate().isPresent()) {
            return load(settings.certificate().get(), settings.key().orElseThrow());
        }
        DevelopmentCertificate.PemFiles dev = DevelopmentCertificate.ensure(dataDirectory.resolve("tls"));
        console.println("Using the self-signed development certificate " + dev.certificate()
                + " (set HOOKPOINT_TLS_CERT and HOOKPOINT_TLS_KEY in production).");
        return load(dev.certificate(), dev.key());
    }

    /**
     * Loads TLS from PEM files.
     *
     * @param certificate the certificate chain, server certificate first
     * @param key         the private key
     * @return Helidon's TLS configuration
     */
    public static Tls load(Path certificate, Path key) {
        return Tls.builder()
                .privateKey(readKey(key))
                .privateKeyCertChain(readCertificates(certificate))
                .enabledProtocols(PROTOCOLS)
                .enabledCipherSuites(CIPHER_SUITES)
                .build();
    }

    /**
     * Reads PEM certificates.
     *
     * @param file the PEM file
     * @return the certificates in file order
     */
    public static List<X509Certificate> readCertificates(Path file) {
        List<X509Certificate> chain;
        try {
            chain = PemReader.certificates(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TLS certificate " + file, e);
        } catch (CertificateException e) {
            throw new IllegalArgumentException("Invalid TLS certificate in " + file, e);
        }
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("No certificate in " + file);
        }
        return chain;
    }

    /**
     * Reads an unencrypted PEM private key (PKCS#8 or a traditional key pair).
     *
     * @param file the PEM file
     * @return the key
     */
    public static PrivateKey readKey(Path file) {
        PrivateKey key;
        try {
            key = PemReader.key(file);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the TLS key " + file, e);
        }
        if (key == null) {
            throw new IllegalArgumentException("No unencrypted private key in " + file);
        }
        return key;
    }
}
