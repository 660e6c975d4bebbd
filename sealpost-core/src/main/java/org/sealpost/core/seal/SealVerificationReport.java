package org.sealpost.core.seal;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of verifying a sealed document. The document is valid when it carries at least one
 * stamp, every stamp is valid, and nothing is wrong with the document as a whole. Warnings never
 * make a document invalid.
 *
 * @param problems document-level failures (unreadable, not sealed)
 * @param stamps one entry per electronic seal found, in document order
 */
public record SealVerificationReport(List<Finding> problems, List<Stamp> stamps) {

    public SealVerificationReport {
        problems = List.copyOf(problems);
        stamps = List.copyOf(stamps);
    }

    /** One reason, with a stable code and a message for people. */
    public record Finding(SealProblem problem, String message) {}

    /**
     * One electronic seal on the document.
     *
     * @param signerUnit the signing certificate's subject, or null when unreadable
     * @param sealId the seal record's ID, or null when there is no readable record
     * @param signingTime the time the signer claims (CMS signingTime / TBS_Sign timeInfo), or null
     */
    public record Stamp(
            String signerUnit,
            String sealId,
            String sealName,
            Instant signingTime,
            List<Finding> problems,
            List<Finding> warnings) {

        public Stamp {
            problems = List.copyOf(problems);
            warnings = List.copyOf(warnings);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public boolean valid() {
        return problems.isEmpty() && !stamps.isEmpty() && stamps.stream().allMatch(Stamp::valid);
    }

    /** Every failure code, document-level and per stamp. */
    public List<SealProblem> problemCodes() {
        return java.util.stream.Stream.concat(problems.stream(), stamps.stream().flatMap(s -> s.problems().stream()))
                .map(Finding::problem)
                .toList();
    }

    static SealVerificationReport failed(SealProblem problem, String message) {
        return new SealVerificationReport(List.of(new Finding(problem, message)), List.of());
    }
}
