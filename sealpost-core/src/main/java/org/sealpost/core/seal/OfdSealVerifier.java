package org.sealpost.core.seal;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ofdrw.reader.OFDReader;
import org.ofdrw.sign.verify.OFDValidator;
import org.ofdrw.sign.verify.exceptions.DocNotSignException;
import org.ofdrw.sign.verify.exceptions.FileIntegrityException;
import org.ofdrw.sign.verify.exceptions.InvalidSignedValueException;
import org.sealpost.core.seal.SealVerificationReport.Finding;
import org.sealpost.core.seal.SealVerificationReport.Stamp;

/**
 * Verifies the electronic seals on an OFD. ofdrw's {@link OFDValidator} checks that every protected
 * file still has the SM3 digest listed in its {@code Signature.xml} and hands each stamp to {@link
 * SesV4Stamping.Checking}, which checks the stamp's hash of {@code Signature.xml} and its SM3withSM2
 * signature. Each stamp then gets the same trust checks as a PDF stamp: seal record signed by a
 * trusted maker, valid and not revoked at the stamp's time, binding the signer, and the signer's
 * certificate chained, valid and not revoked at that time.
 */
public final class OfdSealVerifier {

    private final SealTrust trust;

    public OfdSealVerifier(SealTrust trust) {
        this.trust = Objects.requireNonNull(trust);
    }

    public SealVerificationReport verify(Path ofd) {
        try {
            OfdPackage.check(ofd);
        } catch (SealException e) {
            return SealVerificationReport.failed(e.problem(), e.getMessage());
        }
        List<Finding> problems = new ArrayList<>();
        SesV4Stamping.Checking checking = new SesV4Stamping.Checking();
        try (OFDReader reader = new OFDReader(ofd)) {
            if (!reader.hasSignature()) {
                return SealVerificationReport.failed(SealProblem.NOT_SEALED, "The OFD carries no electronic seal");
            }
            // not closed on its own: closing the validator would close the reader a second time
            OFDValidator validator = new OFDValidator(reader);
            validator.setValidator(checking);
            validator.exeValidate();
        } catch (FileIntegrityException e) {
            problems.add(new Finding(
                    SealProblem.MODIFIED_AFTER_STAMPING, "A file of the OFD was changed after it was stamped"));
        } catch (InvalidSignedValueException e) {
            problems.add(new Finding(SealProblem.SIGNATURE_INVALID, "The stamp does not verify: " + e.getMessage()));
        } catch (DocNotSignException e) {
            return SealVerificationReport.failed(SealProblem.NOT_SEALED, "The OFD carries no electronic seal");
        } catch (IOException | java.security.GeneralSecurityException | RuntimeException e) {
            problems.add(
                    new Finding(SealProblem.DOCUMENT_MALFORMED, "The OFD could not be verified: " + e.getMessage()));
        }
        List<Stamp> stamps = new ArrayList<>();
        for (SesV4Stamping.Checked checked : checking.checked()) {
            stamps.add(trustChecks(checked));
        }
        return new SealVerificationReport(problems, stamps);
    }

    private Stamp trustChecks(SesV4Stamping.Checked checked) {
        List<Finding> problems = new ArrayList<>();
        X509Certificate signer = checked.signer();
        SealRecord record = null;
        try {
            record = SealRecord.of(checked.stamp().seal());
        } catch (SealException e) {
            problems.add(new Finding(e.problem(), e.getMessage()));
        }
        if (record != null) {
            StampChecks.check(record, signer, List.of(), checked.stamp().timeInfo(), trust, problems);
        }
        return new Stamp(
                signer.getSubjectX500Principal().getName(),
                record == null ? null : record.sealId(),
                record == null ? null : record.name(),
                checked.stamp().timeInfo(),
                problems,
                List.of());
    }
}
