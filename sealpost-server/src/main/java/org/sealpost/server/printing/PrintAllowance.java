package org.sealpost.server.printing;

import java.util.Optional;
import java.util.Set;

/**
 * 第十四条, the print allowance (打印份数, "原则上设定3份，只能打印1份，打印失败的可打印下一份"), as a policy
 * that returns the reason for a refusal:
 *
 * <ul>
 *   <li>Only a delivery that has been signed for ({@code SIGNED}, {@code PRINTED}, {@code
 *       DOWNLOADED} or {@code ARCHIVED}) can be printed; before signing, after a return, recall or
 *       void it cannot.
 *   <li>A SEALED copy takes one of the {@code copies_authorised} copy numbers: none is left once
 *       {@code copies_issued} reaches it, whatever the results were.
 *   <li>At most {@code copies_to_succeed} SEALED copies may succeed. A copy that is issued and not
 *       yet reported counts as if it will succeed, so it blocks further SEALED copies until it is
 *       reported FAILED: with an allowance of one, however many attempts race, exactly one copy
 *       is ever out at a time and at most one is ever printed.
 *   <li>A GREY copy (脱密打印) needs only a signed delivery and printing of grey copies switched on
 *       ({@code sealpost.printing.grey-allowed}); it never uses the allowance.
 * </ul>
 */
final class PrintAllowance {

    static final Set<String> PRINTABLE = Set.of("SIGNED", "PRINTED", "DOWNLOADED", "ARCHIVED");

    private PrintAllowance() {}

    static Optional<PrintingException> refusal(PrintableDelivery d, PrintKind kind, boolean greyAllowed) {
        Optional<PrintingException> state = stateRefusal(d.state());
        if (state.isPresent()) {
            return state;
        }
        if (kind == PrintKind.GREY) {
            return greyAllowed
                    ? Optional.empty()
                    : Optional.of(PrintingException.conflict(
                            "grey-not-allowed", "De-sealed grey printing (脱密打印) is switched off on this server."));
        }
        if (d.succeeded() >= d.toSucceed()) {
            return Optional.of(PrintingException.conflict(
                    "allowance-used",
                    "All " + d.toSucceed() + " allowed copies of this document have been printed: ask the sender"
                            + " for more copies, or print a de-sealed grey copy (脱密打印)."));
        }
        if (d.issued() >= d.authorised()) {
            return Optional.of(PrintingException.conflict(
                    "copies-exhausted",
                    "All " + d.authorised() + " authorised copy numbers of this document have been used: ask"
                            + " the sender for more copies."));
        }
        if (d.succeeded() + d.pendingSealed() >= d.toSucceed()) {
            return Optional.of(PrintingException.conflict(
                    "copy-pending",
                    "A copy is still being printed: report its result (ok or failed) before printing another."));
        }
        return Optional.empty();
    }

    static Optional<PrintingException> stateRefusal(String state) {
        if (PRINTABLE.contains(state)) {
            return Optional.empty();
        }
        return Optional.of(
                switch (state) {
                    case "DELIVERED" ->
                        PrintingException.conflict(
                                "not-signed", "Sign for the document first: only signed documents can be printed.");
                    case "RETURNED" ->
                        PrintingException.conflict("returned", "This document was returned and cannot be printed.");
                    case "RECALLED" ->
                        PrintingException.conflict(
                                "recalled", "The sender recalled this document: it can no longer be printed.");
                    default ->
                        PrintingException.conflict(
                                "closed", "The sender voided this document: it can no longer be printed.");
                });
    }
}
