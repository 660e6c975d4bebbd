package org.sealpost.server.printing;

/**
 * A delivery as printing sees it: its state and print counters, read under the delivery row's lock
 * when a copy is issued or reported.
 *
 * @param authorised copy numbers the SEALED copies may use (V50 {@code copies_authorised})
 * @param toSucceed SEALED copies that may be printed successfully ({@code copies_to_succeed})
 * @param issued SEALED copies issued so far, whatever their result ({@code copies_issued})
 * @param succeeded SEALED copies reported OK ({@code copies_succeeded})
 * @param pendingSealed SEALED copies issued and not yet reported
 * @param lastNumber the highest copy number given out so far, SEALED or GREY (0 for none)
 */
record PrintableDelivery(
        long id,
        String documentId,
        String unitCode,
        String senderUnit,
        String state,
        int authorised,
        int toSucceed,
        int issued,
        int succeeded,
        int pendingSealed,
        int lastNumber) {

    CopyNumber nextNumber() {
        return new CopyNumber(lastNumber + 1);
    }
}
