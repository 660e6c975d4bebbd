package org.sealpost.server.pki.api;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sealpost.core.pki.Pem;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.pki.UnitKeys;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The system CA over HTTP: the root certificate and the current CRL are public (anyone verifying
 * a seal or an envelope needs them); a unit's current certificates are for signed-in callers
 * (envelope recipients).
 */
@RestController
@Order(Ordered.HIGHEST_PRECEDENCE)
class PkiApi {

    static final MediaType PEM = MediaType.parseMediaType("application/x-pem-file");

    private final SystemCa ca;
    private final UnitKeys unitKeys;

    PkiApi(SystemCa ca, UnitKeys unitKeys) {
        this.ca = ca;
        this.unitKeys = unitKeys;
    }

    @GetMapping("/api/v1/pki/ca")
    ResponseEntity<String> caCertificate() {
        return ResponseEntity.ok().contentType(PEM).body(ca.certificatePem());
    }

    @GetMapping("/api/v1/pki/crl")
    ResponseEntity<String> crl() {
        return ResponseEntity.ok().contentType(PEM).body(ca.crlPem());
    }

    /** A unit's current signing and encryption certificates (PEM), e.g. to address an envelope. */
    @GetMapping("/api/v1/pki/units/{code}/certificates")
    Map<String, Object> unitCertificates(@PathVariable String code) {
        UnitKeys.UnitCredentials c = unitKeys.current(code).orElseThrow(() -> PkiException.notFound(code));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("unit", c.unitCode());
        body.put("signingCertificate", Pem.encode(c.signing()));
        body.put("encryptionCertificate", Pem.encode(c.encryption()));
        body.put("signingSerial", c.signingSerial());
        body.put("encryptionSerial", c.encryptionSerial());
        body.put("notAfter", c.notAfter().toString());
        body.put("revoked", c.revoked());
        return body;
    }

    @ExceptionHandler(PkiException.class)
    ResponseEntity<ProblemDetail> refused(PkiException e) {
        HttpStatus status = switch (e.code()) {
            case "not-found" -> HttpStatus.NOT_FOUND;
            case "forbidden" -> HttpStatus.FORBIDDEN;
            default -> HttpStatus.UNPROCESSABLE_CONTENT;
        };
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
        problem.setType(URI.create("urn:sealpost:problem:pki." + e.code()));
        problem.setProperty("code", "pki." + e.code());
        return ResponseEntity.status(status).body(problem);
    }
}
