package org.sealpost.core.seal;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.sealpost.core.seal.SealVerificationReport.Finding;

/** The checks every stamp gets, whatever the document format: record, binding, signer. */
final class StampChecks {

    private StampChecks() {}

    /** Adds a finding for each failed check of a stamp made by {@code signer} at {@code at}. */
    static void check(
            SealRecord record,
            X509Certificate signer,
            Collection<X509Certificate> extra,
            Instant at,
            SealTrust trust,
            List<Finding> problems) {
        run(() -> record.verify(trust, at), problems);
        run(() -> record.checkBound(signer), problems);
        run(() -> trust.checkSigner(signer, extra, at), problems);
    }

    static void run(Runnable check, List<Finding> problems) {
        try {
            check.run();
        } catch (SealException e) {
            problems.add(new Finding(e.problem(), e.getMessage()));
        }
    }
}
