package io.hookpoint.tls;

import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The PEM forms an operator may hand the server: PKCS#8 keys (read by the JDK), PKCS#1 RSA and SEC1 EC keys
 * (read by the BouncyCastle fallback), certificates plain and with openssl's text around them; each read
 * as the very key or certificate that was written.
 */
class PemReaderTest {
    @TempDir
    Path dir;

    private static KeyPair pair(String algorithm, int size) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize(size);
        return generator.generateKeyPair();
    }

    private Path pkcs8(String name, PrivateKey key) throws Exception {
        return Files.writeString(dir.resolve(name), "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(key.getEncoded())
                + "\n-----END PRIVATE KEY-----\n");
    }

    // a key pair written by BouncyCastle's PEM writer: RSA PRIVATE KEY (PKCS#1)
    private Path traditional(String name, KeyPair pair) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(pair);
        }
        return Files.writeString(dir.resolve(name), out.toString());
    }

    @Test
    void rsaKeysInEitherFormAreReadAsWritten() throws Exception {
        KeyPair rsa = pair("RSA", 2048);
        Path pkcs8 = pkcs8("rsa8.pem", rsa.getPrivate());
        Path pkcs1 = traditional("rsa1.pem", rsa);

        assertThat(Files.readString(pkcs1)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        for (Path file : List.of(pkcs8, pkcs1)) {
            assertThat(((RSAPrivateCrtKey) ServerTls.readKey(file)).getPrivateExponent())
                    .isEqualTo(((RSAPrivateCrtKey) rsa.getPrivate()).getPrivateExponent());
        }
    }

    @Test
    void ecKeysInEitherFormAreReadAsWritten() throws Exception {
        KeyPair ec = pair("EC", 256);
        Path pkcs8 = pkcs8("ec8.pem", ec.getPrivate());
        // SEC1 as openssl writes it: version, the secret, the curve's name (P-256), no public key
        byte[] der = new org.bouncycastle.asn1.sec.ECPrivateKey(256, ((ECPrivateKey) ec.getPrivate()).getS(),
                new org.bouncycastle.asn1.ASN1ObjectIdentifier("1.2.840.10045.3.1.7")).getEncoded();
        Path sec1 = Files.writeString(dir.resolve("ec1.pem"), "-----BEGIN EC PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END EC PRIVATE KEY-----\n");

        assertThat(Files.readString(sec1)).startsWith("-----BEGIN EC PRIVATE KEY-----");
        BigInteger expected = ((ECPrivateKey) ec.getPrivate()).getS();
        assertThat(((ECPrivateKey) ServerTls.readKey(pkcs8)).getS()).isEqualTo(expected);
        assertThat(((ECPrivateKey) ServerTls.readKey(sec1)).getS()).isEqualTo(expected);
    }

    @Test
    void aFileWithoutAKeyIsRefusedNamingIt() throws Exception {
        Path certificateOnly = DevelopmentCertificate.create(new DevelopmentCertificate.PemFiles(
                dir.resolve("c.pem"), dir.resolve("k.pem")), "localhost", List.of("localhost"), List.of(),
                Duration.ofDays(1)).certificate();

        assertThatThrownBy(() -> ServerTls.readKey(certificateOnly))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(certificateOnly.toString());
    }

    @Test
    void certificatesAreReadPlainAndWithOpensslsTextAroundThem() throws Exception {
        DevelopmentCertificate.PemFiles files = DevelopmentCertificate.create(new DevelopmentCertificate.PemFiles(
                dir.resolve("cert.pem"), dir.resolve("key.pem")), "localhost", List.of("localhost"), List.of(),
                Duration.ofDays(1));
        String pem = Files.readString(files.certificate());
        Path chain = Files.writeString(dir.resolve("chain.pem"), pem + pem);
        Path withText = Files.writeString(dir.resolve("bag.pem"), "Bag Attributes\n    localKeyID: 01 02 03\n"
                + "subject=CN = localhost\n" + pem);

        X509Certificate plain = ServerTls.readCertificates(files.certificate()).get(0);
        assertThat(plain.getSubjectX500Principal().getName()).contains("CN=localhost");
        assertThat(ServerTls.readCertificates(chain)).containsExactly(plain, plain);
        assertThat(ServerTls.readCertificates(withText)).containsExactly(plain);
        assertThat(ServerTls.readKey(files.key())).isNotNull();
        assertThatThrownBy(() -> ServerTls.readCertificates(files.key()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No certificate");
    }
}
