package io.hookpoint.tls;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import io.hookpoint.store.PrivateFiles;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A self-signed certificate for development and tests, made on the machine that uses it (never
 * committed): an EC P-256 key, valid for the given host names and addresses, written as PEM files.
 */
public final class DevelopmentCertificate {
    private DevelopmentCertificate() {
    }

    /**
     * The files of a certificate and its key.
     *
     * @param certificate PEM certificate chain
     * @param key         PEM private key (PKCS#8)
     */
    public record PemFiles(Path certificate, Path key) {
    }

    /**
     * Uses the development certificate in a directory, creating it when it is not there.
     *
     * @param directory where {@code dev-cert.pem} and {@code dev-key.pem} live
     * @return the two files
     */
    public static PemFiles ensure(Path directory) {
        PemFiles files = new PemFiles(directory.resolve("dev-cert.pem"), directory.resolve("dev-key.pem"));
        if (Files.exists(files.certificate()) && Files.exists(files.key())) {
            return files;
        }
        return create(files, "localhost", List.of("localhost"), List.of("127.0.0.1", "::1"), Duration.ofDays(825));
    }

    /**
     * Creates a self-signed certificate.
     *
     * @param files       where to write it
     * @param commonName  the subject's CN
     * @param dnsNames    DNS subject alternative names
     * @param ipAddresses IP subject alternative names
     * @param validity    how long it is valid from now (it starts a minute ago)
     * @return the files written
     */
    public static PemFiles create(PemFiles files, String commonName, List<String> dnsNames, List<String> ipAddresses,
                               Duration validity) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keyPair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + commonName + ",O=Hookpoint development");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(64, new SecureRandom()),
                    Date.from(now.minus(Duration.ofMinutes(1))),
                    Date.from(now.plus(validity)),
                    subject,
                    keyPair.getPublic());
            GeneralName[] names = new GeneralName[dnsNames.size() + ipAddresses.size()];
            int i = 0;
            for (String dns : dnsNames) {
                names[i++] = new GeneralName(GeneralName.dNSName, dns);
            }
            for (String ip : ipAddresses) {
                names[i++] = new GeneralName(GeneralName.iPAddress, ip);
            }
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .build(keyPair.getPrivate())));
            PrivateFiles.directory(files.certificate().toAbsolutePath().getParent());
            PrivateFiles.directory(files.key().toAbsolutePath().getParent());
            Files.writeString(files.certificate(), pem(certificate), StandardCharsets.US_ASCII);
            // the key is owner-only (0600) from its first byte, whatever the umask
            PrivateFiles.write(files.key(), pem(keyPair.getPrivate()));
            return files;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot create a development certificate", e);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the development certificate", e);
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new JcaPKCS8Generator(key, null));
            } else {
                writer.writeObject(object);
            }
        }
        return out.toString();
    }
}
