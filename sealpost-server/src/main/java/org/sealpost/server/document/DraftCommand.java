package org.sealpost.server.document;

import java.time.LocalDate;
import java.util.List;

/**
 * The metadata of a draft (GB/T 9704 elements): a null field keeps its value on update (on create:
 * its default — urgency NORMAL, print allowance 3 / 1, no paper). {@code to} / {@code cc} are unit
 * codes, group codes or category names (主送 / 抄送); on update a non-null list replaces that part.
 */
public record DraftCommand(
        String type,
        String docNo,
        String title,
        String urgency,
        String signer,
        LocalDate docDate,
        String notes,
        Integer printCopies,
        Integer printSuccess,
        Boolean paperFollows,
        Long requestId,
        List<String> to,
        List<String> cc) {}
