package io.hookpoint.tls;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS contexts from PEM files, for the parts that speak TLS outside Helidon: a server's (the lab's and the
 * tests' stubs) from a certificate chain and key, and a client's that trusts exactly the certificates of a
 * file (a provider's or Bloomreach's own CA, the simulator, the lab). Unreadable files are the
 * {@link ServerTls#readCertificates} and {@link ServerTls#readKey} errors; the rest a
 * {@link GeneralSecurityException}.
 */
public final class SslContexts {
    private SslContexts() {
    }

    /**
     * A server context.
     *
     * @param certificate the PEM certificate chain
     * @param key         the PEM private key
     * @return the context
     * @throws GeneralSecurityException when the JDK refuses the key or chain
     */
    public static SSLContext server(Path certificate, Path key) throws GeneralSecurityException {
        KeyStore keys = emptyStore();
        keys.setKeyEntry("server", ServerTls.readKey(key), new char[0],
                ServerTls.readCertificates(certificate).toArray(new Certificate[0]));
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, new char[0]);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /**
     * A client context that trusts exactly the certificates of a PEM file (host names are still checked).
     *
     * @param pem the PEM file
     * @return the context
     * @throws GeneralSecurityException when the JDK refuses a certificate
     */
    public static SSLContext trusting(Path pem) throws GeneralSecurityException {
        KeyStore trust = emptyStore();
        List<X509Certificate> certificates = ServerTls.readCertificates(pem);
        for (int i = 0; i < certificates.size(); i++) {
            trust.setCertificateEntry("trusted-" + i, certificates.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static KeyStore emptyStore() throws GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("cannot create an empty key store", e);   // never with null
        }
        return store;
    }
}
