package org.sealpost.cli;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.sealpost.core.pki.Pem;

/**
 * Fetches the regulator's CA certificate and current CRL from a SealPost server's public PKI
 * endpoints: {@code GET {url}/api/v1/pki/ca} and {@code GET {url}/api/v1/pki/crl}, both PEM.
 */
final class ServerPki {

    static final String CA_PATH = "/api/v1/pki/ca";
    static final String CRL_PATH = "/api/v1/pki/crl";
    private static final int MAX_BYTES = 4 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI base;
    private final HttpClient client;

    ServerPki(String url) throws CliException {
        URI uri = ServerClient.baseUri(url);
        this.base = uri;
        this.client = HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    URI base() {
        return base;
    }

    /** The CA certificate(s) the server publishes. */
    List<X509Certificate> caCertificates() throws IOException, CliException {
        List<X509Certificate> certificates = Pem.certificates(get(CA_PATH));
        if (certificates.isEmpty()) {
            throw new CliException("no certificate in " + base + CA_PATH);
        }
        return certificates;
    }

    X509CRL crl() throws IOException, CliException {
        return Pem.crl(get(CRL_PATH));
    }

    private String get(String path) throws IOException, CliException {
        URI uri = URI.create(base + path);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(TIMEOUT)
                .header("Accept", "application/x-pem-file, text/plain, */*")
                .GET()
                .build();
        HttpResponse<InputStream> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException("interrupted while fetching " + uri);
        } catch (IOException e) {
            throw new CliException("cannot fetch " + uri + ": " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
        try (InputStream body = response.body()) {
            if (response.statusCode() != 200) {
                throw new CliException("server answered HTTP " + response.statusCode() + " for " + uri);
            }
            byte[] bytes = body.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new CliException("answer from " + uri + " is larger than " + MAX_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.US_ASCII);
        }
    }
}
