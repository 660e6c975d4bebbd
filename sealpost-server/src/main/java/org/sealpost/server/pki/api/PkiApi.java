package org.sealpost.server.pki.api;

import io.swagger.v3.oas.annotations.Operation;
import java.net.URI;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sealpost.core.pki.Pem;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.SystemCa;
import org.sealpost.server.pki.UnitKeys;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
        return certificates(unitKeys.current(code).orElseThrow(() -> PkiException.notFound(code)));
    }

    private static Map<String, Object> certificates(UnitKeys.UnitCredentials c) {
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

    /** Issue or renew request. Never logged: it carries the new unit PIN. */
    record IssueJson(String pin, String confirm, Boolean keyFile) {
        @Override
        public String toString() {
            return "IssueJson[REDACTED]";
        }
    }

    @PostMapping("/api/v1/pki/units/{code}/keys")
    @Operation(
            summary = "Issue or renew the unit's keys and certificates (unit admin of that unit)",
            description = "New SM2 signing and encryption keys with their certificates under the new unit PIN"
                    + " (6 to 64 characters; confirm must repeat it); a renewal supersedes the old certificates."
                    + " With \"keyFile\": true the answer also carries keyFile: the one copy of the new keys as a"
                    + " PKCS#12 file (base64) under the same PIN, for the CLI's end-to-end mode (--key). It is made"
                    + " from the freshly generated keys, given only in this answer, never stored and audited"
                    + " PKI_UNIT_KEY_FILE_ISSUED; keys issued without it can never be taken out later.")
    ResponseEntity<Map<String, Object>> issue(
            @AuthenticationPrincipal SignedInUser me,
            @PathVariable String code,
            @RequestBody(required = false) IssueJson body) {
        if (me == null) {
            throw PkiException.forbidden();
        }
        // who may is checked before the PIN (UnitKeys.issue): a refused caller learns nothing else
        char[] pin = body == null || body.pin() == null ? null : body.pin().toCharArray();
        char[] confirm =
                body == null || body.confirm() == null ? null : body.confirm().toCharArray();
        boolean keyFile = body != null && Boolean.TRUE.equals(body.keyFile());
        try {
            UnitKeys.IssuedKeys issued = unitKeys.issue(me, code, pin, confirm, keyFile);
            Map<String, Object> answer = certificates(issued.credentials());
            if (issued.hasKeyFile()) {
                answer.put("keyFile", Base64.getEncoder().encodeToString(issued.keyFile()));
                answer.put("keyFileName", code + ".p12");
            }
            return ResponseEntity.status(HttpStatus.CREATED)
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(answer);
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
            if (confirm != null) {
                Arrays.fill(confirm, '\0');
            }
        }
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
