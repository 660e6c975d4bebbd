package org.sealpost.server.document;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.sealpost.core.crypto.Sm3;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.EnvelopeWriter;
import org.sealpost.core.envelope.Payload;
import org.sealpost.core.envelope.SealRequest;
import org.sealpost.core.token.Token;
import org.sealpost.core.token.TokenException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobRef;
import org.sealpost.server.blob.BlobStore;
import org.sealpost.server.calendar.SignDeadlines;
import org.sealpost.server.pki.PkiException;
import org.sealpost.server.pki.UnitKeySessions;
import org.sealpost.server.pki.UnitKeys;
import org.sealpost.server.unit.UnitRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/**
 * Sending (issue 5 item 6): ONE envelope for all recipient units — the body as recipients see it
 * (sealed where the type needs a seal) and the attachments as entries, the canonical metadata's
 * SM3 in the signed manifest, signed with the sending unit's signing key and the content key
 * wrapped to each unit's encryption certificate — then ONE transaction: the envelope blob's row,
 * document SENT, one delivery per unit with its DELIVERED event, the SENT document event, the
 * audit row and {@link DocumentSent} in the event publication registry. A crash before that commit
 * leaves nothing but a blob file without a row, which the sweeper removes.
 *
 * <p>The sending unit's token is unlocked with the unit PIN the sender types at send time (wrong
 * PINs count; five lock), so the server holds no usable key at rest: a database dump alone reveals
 * no key (docs/architecture.md, "Sending keys"). The PIN stays required at every send; when the
 * sender's sign-in already has the unit key open ({@link UnitKeySessions}), it is checked against
 * that session instead of being derived again ({@link UnitKeySessions#acquireConfirmed}), which
 * saves the PBKDF2 (~50–100 ms at production iterations) of a send.
 *
 * <p>Idempotent (R02): the request carries an idempotency key; the same key for the same document
 * returns the first result without a second send; the same key for anything else is a 409.
 */
@Service
public class SendingDocuments {

    private static final Logger log = LoggerFactory.getLogger(SendingDocuments.class);

    /** Send a document: the sender confirmed the preview; the unit PIN is wiped after use. */
    public record SendCommand(String documentId, boolean confirmed, String idempotencyKey, char[] unitPin) {
        @Override
        public String toString() {
            return "SendCommand[" + documentId + ", confirmed=" + confirmed + ", key=" + idempotencyKey
                    + ", PIN [REDACTED]]";
        }
    }

    /** 补发: send the same document to further units (a new envelope for them only). */
    public record SupplementCommand(
            String documentId,
            List<String> to,
            List<String> cc,
            boolean confirmed,
            String idempotencyKey,
            char[] unitPin) {
        @Override
        public String toString() {
            return "SupplementCommand[" + documentId + ", to=" + to + ", cc=" + cc + ", PIN [REDACTED]]";
        }
    }

    /** The outcome; {@code replayed} when an earlier request with the same key already sent it. */
    public record SendResult(String id, int deliveries, String envelopeDigest, boolean replayed) {}

    private final DocumentStore store;
    private final DocumentTypes types;
    private final ComposingDocuments composing;
    private final BlobStore blobs;
    private final UnitKeys unitKeys;
    private final UnitKeySessions keySessions;
    private final EnvelopeWriter writer;
    private final ApplicationEventPublisher events;
    private final SignDeadlines deadlines;

    SendingDocuments(
            DocumentStore store,
            DocumentTypes types,
            ComposingDocuments composing,
            BlobStore blobs,
            UnitKeys unitKeys,
            UnitKeySessions keySessions,
            EnvelopeWriter writer,
            SignDeadlines deadlines,
            ApplicationEventPublisher events) {
        this.store = store;
        this.deadlines = deadlines;
        this.types = types;
        this.composing = composing;
        this.blobs = blobs;
        this.unitKeys = unitKeys;
        this.keySessions = keySessions;
        this.writer = writer;
        this.events = events;
    }

    public SendResult send(SignedInUser actor, SendCommand command) {
        String id = command.documentId();
        char[] pin = command.unitPin();
        try {
            DocumentView doc;
            ResolvedScope scope;
            List<SealRequest.Recipient> recipients;
            String fingerprint = fingerprint("send", id, List.of());
            long t0 = System.nanoTime();
            long tScope;
            try {
                doc = store.visible(actor, id);
                Optional<SendResult> replay = replay(actor, command.idempotencyKey(), fingerprint);
                if (replay.isPresent()) {
                    store.audit(actor, "DOCUMENT_SEND_REPLAYED", true, id, null);
                    return replay.get();
                }
                if (doc.state() == DocumentState.SENT) {
                    throw DocumentException.conflict(
                            "already-sent", "The document was already sent: use 补发 to add units.");
                }
                if (!command.confirmed()) {
                    throw DocumentException.invalid(
                            "confirmation-required", "Confirm that you checked the preview and the recipient list.");
                }
                DocumentType type = types.find(doc.typeCode()).orElseThrow();
                scope = SendReadiness.requireReady(doc, type, composing);
                recheckMarkings(doc);
                tScope = System.nanoTime();
                recipients = recipients(scope.unitCodes());
                requirePin(pin);
            } catch (DocumentException e) {
                store.audit(actor, "DOCUMENT_SENT", false, id, e.code());
                throw e;
            }
            List<String> main = scope.main().stream().map(UnitRef::code).toList();
            List<String> cc = scope.cc().stream().map(UnitRef::code).toList();
            byte[] metadata = DocumentMetadata.canonical(doc, main, cc);
            List<Payload> payloads = payloads(doc);
            DocumentView sending = doc;
            long tCertificates = System.nanoTime();
            Sealed sealed = seal(actor, id, doc.senderUnit(), pin, metadata, recipients, payloads);
            long tSealed = System.nanoTime();
            if (log.isDebugEnabled()) {
                log.debug(
                        "send {}: load+scope {} ms, certificates {} ms, unlock+envelope {} ms",
                        id,
                        (tScope - t0) / 1_000_000,
                        (tCertificates - tScope) / 1_000_000,
                        (tSealed - tCertificates) / 1_000_000);
            }
            try (BlobStore.Staged staged = sealed.staged()) {
                return store.audited(actor, "DOCUMENT_SENT", id, () -> {
                    BlobRef envelope = blobs.attach(staged);
                    int n;
                    try {
                        n = store.jdbc()
                                .update(
                                        "UPDATE document SET state = 'SENT', sent_by = ?, sent_at = ?, envelope_blob = ?,"
                                                + " envelope_digest = ?, envelope_header = ?, idempotency_key = ?,"
                                                + " send_fingerprint = ?, updated_at = ?, version = version + 1"
                                                + " WHERE id = ? AND version = ? AND state = ?",
                                        actor.username(),
                                        store.now(),
                                        envelope.id(),
                                        sealed.header().digestHex(),
                                        sealed.headerBytes(),
                                        command.idempotencyKey(),
                                        fingerprint,
                                        store.now(),
                                        id,
                                        sending.version(),
                                        sending.state().name());
                    } catch (DuplicateKeyException e) {
                        throw DocumentException.conflict(
                                "idempotency-key-reused", "This Idempotency-Key was already used for another request.");
                    }
                    if (n != 1) {
                        throw DocumentException.conflict(
                                "changed", "The document was changed or sent meanwhile: reload it.");
                    }
                    deliver(actor, sending, scope, null);
                    store.event(
                            id,
                            "SENT",
                            actor.username(),
                            scope.size() + " units, envelope " + sealed.header().digestHex());
                    events.publishEvent(new DocumentSent(
                            id,
                            sending.senderUnit(),
                            sending.urgency(),
                            sending.title(),
                            sending.docNo(),
                            scope.unitCodes(),
                            false));
                    log.debug("send {}: transaction {} ms", id, (System.nanoTime() - tSealed) / 1_000_000);
                    return new SendResult(id, scope.size(), sealed.header().digestHex(), false);
                });
            } catch (DocumentException e) {
                Optional<SendResult> replay = replay(actor, command.idempotencyKey(), fingerprint);
                if (replay.isPresent()) {
                    return replay.get();
                }
                throw e;
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    /**
     * 补发: the same document to units not yet in its scope, as a new logged act with its own
     * envelope (the original envelope's signed recipient list stays as it was). Units that already
     * have a delivery are refused by name: a sent scope is never edited.
     */
    public SendResult supplement(SignedInUser actor, SupplementCommand command) {
        String id = command.documentId();
        char[] pin = command.unitPin();
        try {
            DocumentView doc;
            ResolvedScope added;
            List<SealRequest.Recipient> recipients;
            String fingerprint = fingerprint(
                    "supplement",
                    id,
                    List.of(String.join(",", nullToEmpty(command.to())), String.join(",", nullToEmpty(command.cc()))));
            try {
                doc = store.visible(actor, id);
                Optional<SendResult> replay = replaySupplement(id, command.idempotencyKey());
                if (replay.isPresent()) {
                    return replay.get();
                }
                if (doc.state() != DocumentState.SENT) {
                    throw DocumentException.conflict("not-sent", "Only a sent document is sent to further units.");
                }
                if (!command.confirmed()) {
                    throw DocumentException.invalid("confirmation-required", "Confirm the added units.");
                }
                if (command.idempotencyKey() == null || command.idempotencyKey().isBlank()) {
                    throw DocumentException.invalid("idempotency-key-required", "Send an Idempotency-Key.");
                }
                List<String> to = nullToEmpty(command.to());
                List<String> cc = nullToEmpty(command.cc());
                DocumentView probe = withScope(doc, to, cc);
                added = composing.requireScope(probe);
                List<String> already = store.jdbc()
                        .queryForList("SELECT unit_code FROM delivery WHERE document_id = ?", String.class, id);
                List<String> repeated =
                        added.unitCodes().stream().filter(already::contains).toList();
                if (!repeated.isEmpty()) {
                    throw DocumentException.conflict(
                            "already-delivered", "Already delivered to " + String.join(", ", repeated) + ".");
                }
                recipients = recipients(added.unitCodes());
                requirePin(pin);
            } catch (DocumentException e) {
                store.audit(actor, "DOCUMENT_SUPPLEMENTED", false, id, e.code());
                throw e;
            }
            byte[] metadata = DocumentMetadata.canonical(
                    doc,
                    added.main().stream().map(UnitRef::code).toList(),
                    added.cc().stream().map(UnitRef::code).toList());
            Sealed sealed = seal(actor, id, doc.senderUnit(), pin, metadata, recipients, payloads(doc));
            DocumentView sent = doc;
            try (BlobStore.Staged staged = sealed.staged()) {
                return store.audited(actor, "DOCUMENT_SUPPLEMENTED", id, () -> {
                    BlobRef envelope = blobs.attach(staged);
                    Integer seq = store.jdbc()
                            .queryForObject(
                                    "SELECT coalesce(max(seq), 0) + 1 FROM document_supplement WHERE document_id = ?",
                                    Integer.class,
                                    id);
                    store.jdbc()
                            .update(
                                    "INSERT INTO document_supplement (document_id, seq, envelope_blob, envelope_digest,"
                                            + " envelope_header, sent_by, sent_at, idempotency_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    id,
                                    seq,
                                    envelope.id(),
                                    sealed.header().digestHex(),
                                    sealed.headerBytes(),
                                    actor.username(),
                                    store.now(),
                                    command.idempotencyKey());
                    // the scope as chosen grows by the units actually added (UNIT lines), never shrinks
                    for (UnitRef u : added.main()) {
                        addScopeLine(id, "MAIN", u.code());
                    }
                    for (UnitRef u : added.cc()) {
                        addScopeLine(id, "CC", u.code());
                    }
                    deliver(actor, sent, added, envelope.id());
                    store.event(
                            id,
                            "SUPPLEMENTED",
                            actor.username(),
                            "补发 to " + String.join(",", added.unitCodes()) + ", envelope "
                                    + sealed.header().digestHex());
                    events.publishEvent(new DocumentSent(
                            id,
                            sent.senderUnit(),
                            sent.urgency(),
                            sent.title(),
                            sent.docNo(),
                            added.unitCodes(),
                            true));
                    return new SendResult(id, added.size(), sealed.header().digestHex(), false);
                });
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private void addScopeLine(String id, String role, String code) {
        store.jdbc()
                .update(
                        "INSERT INTO document_scope (document_id, scope_role, kind, ref) SELECT ?, ?, 'UNIT', ?"
                                + " WHERE NOT EXISTS (SELECT 1 FROM document_scope WHERE document_id = ?"
                                + " AND scope_role = ? AND kind = 'UNIT' AND ref = ?)",
                        id,
                        role,
                        code,
                        id,
                        role,
                        code);
    }

    private record Sealed(BlobStore.Staged staged, EnvelopeHeader header, byte[] headerBytes) {}

    /**
     * Unlocks the unit token — or takes it from the sender's open unit key session once the PIN
     * matches — (wrong PINs stay counted) and writes the envelope.
     */
    private Sealed seal(
            SignedInUser actor,
            String id,
            String senderUnit,
            char[] pin,
            byte[] metadata,
            List<SealRequest.Recipient> recipients,
            List<Payload> payloads) {
        Token token;
        try {
            token = keySessions.acquireConfirmed(senderUnit, pin);
        } catch (PkiException e) {
            DocumentException refused = unitKeyRefused(e);
            store.audit(actor, "DOCUMENT_SENT", false, id, refused.code());
            throw refused;
        }
        long started = System.nanoTime();
        try (token) {
            EnvelopeHeader[] header = new EnvelopeHeader[1];
            HeaderCapture[] capture = new HeaderCapture[1];
            BlobStore.Staged staged = blobs.stage(out -> {
                capture[0] = new HeaderCapture(out);
                try {
                    header[0] = writer.seal(
                            new SealRequest(id, senderUnit, metadata, recipients, payloads), token, capture[0]);
                } catch (TokenException e) {
                    throw new java.io.IOException("the unit token cannot sign: " + e.getMessage(), e);
                }
            });
            log.debug(
                    "envelope for {} sealed to {} units in {} ms",
                    id,
                    recipients.size(),
                    (System.nanoTime() - started) / 1_000_000);
            return new Sealed(staged, header[0], capture[0].header());
        }
    }

    private void deliver(SignedInUser actor, DocumentView doc, ResolvedScope scope, String envelopeBlob) {
        var now = store.now();
        var due = deadlines.dueAt(now.toInstant(), doc.urgency().name()).atOffset(java.time.ZoneOffset.UTC);
        List<Object[]> rows = new ArrayList<>(scope.size());
        for (UnitRef u : scope.main()) {
            rows.add(new Object[] {
                doc.id(),
                u.code(),
                "MAIN",
                doc.urgency().priority(),
                now,
                due,
                doc.printCopies(),
                doc.printSuccess(),
                envelopeBlob
            });
        }
        for (UnitRef u : scope.cc()) {
            rows.add(new Object[] {
                doc.id(),
                u.code(),
                "CC",
                doc.urgency().priority(),
                now,
                due,
                doc.printCopies(),
                doc.printSuccess(),
                envelopeBlob
            });
        }
        store.jdbc()
                .batchUpdate(
                        "INSERT INTO delivery (document_id, unit_code, scope_role, priority, state, delivered_at,"
                                + " due_at, copies_authorised, copies_to_succeed, envelope_blob)"
                                + " VALUES (?, ?, ?, ?, 'DELIVERED', ?, ?, ?, ?, ?)",
                        rows);
        java.util.Set<String> codes = new java.util.HashSet<>(scope.unitCodes());
        List<Object[]> events = new ArrayList<>(scope.size());
        store.jdbc()
                .query(
                        "SELECT id, unit_code FROM delivery WHERE document_id = ?",
                        rs -> {
                            if (codes.contains(rs.getString(2))) {
                                events.add(
                                        new Object[] {rs.getLong(1), doc.id(), rs.getString(2), actor.username(), now});
                            }
                        },
                        doc.id());
        store.jdbc()
                .batchUpdate(
                        "INSERT INTO delivery_event (delivery_id, document_id, unit_code, event, actor, occurred_at)"
                                + " VALUES (?, ?, ?, 'DELIVERED', ?, ?)",
                        events);
    }

    /** Each unit's current encryption certificate; units without a valid one are refused by name. */
    private List<SealRequest.Recipient> recipients(List<String> unitCodes) {
        List<SealRequest.Recipient> recipients = new ArrayList<>(unitCodes.size());
        List<String> missing = new ArrayList<>();
        java.util.Map<String, X509Certificate> certificates = unitKeys.encryptionCertificates(unitCodes);
        java.util.Date now = java.util.Date.from(store.clock().instant());
        for (String code : unitCodes) {
            X509Certificate certificate = certificates.get(code);
            if (certificate == null
                    || certificate.getNotAfter().before(now)
                    || certificate.getNotBefore().after(now)) {
                missing.add(code);
                continue;
            }
            recipients.add(new SealRequest.Recipient(code, certificate));
        }
        if (!missing.isEmpty()) {
            throw DocumentException.conflict(
                    "no-certificate",
                    "These units have no valid encryption certificate, so nothing can be sealed for them: "
                            + String.join(", ", missing.subList(0, Math.min(20, missing.size())))
                            + (missing.size() > 20 ? " …" : "") + ".");
        }
        return recipients;
    }

    private List<Payload> payloads(DocumentView doc) {
        List<Payload> payloads = new ArrayList<>();
        String body = doc.sealedBlob() != null ? doc.sealedBlob() : doc.bodyBlob();
        payloads.add(
                payload(body, doc.bodyName(), "PDF".equals(doc.bodyFormat()) ? "application/pdf" : "application/ofd"));
        for (DocumentView.Attachment a : doc.attachments()) {
            payloads.add(payload(a.blobId(), a.fileName(), a.mediaType()));
        }
        return payloads;
    }

    private Payload payload(String blobId, String name, String mediaType) {
        BlobRef ref = blobs.find(blobId).orElseThrow();
        return new Payload(name, mediaType, ref.size(), () -> blobs.open(blobId), null)
                .withKnownSm3(HexFormat.of().parseHex(ref.sm3()));
    }

    private void recheckMarkings(DocumentView doc) {
        composing.checkMarkings("title", doc.title());
        composing.checkMarkings("notes", doc.notes());
        composing.checkMarkings("document number", doc.docNo());
        for (DocumentView.Attachment a : doc.attachments()) {
            composing.checkMarkings("description of attachment " + a.fileName(), a.description());
        }
    }

    private Optional<SendResult> replay(SignedInUser actor, String key, String fingerprint) {
        if (key == null || key.isBlank()) {
            throw DocumentException.invalid(
                    "idempotency-key-required", "Send an Idempotency-Key header (any unique text per send).");
        }
        if (key.length() > 100) {
            throw DocumentException.invalid("bad-idempotency-key", "An Idempotency-Key has at most 100 characters.");
        }
        List<String[]> found = store.jdbc()
                .query(
                        "SELECT id, send_fingerprint, envelope_digest FROM document WHERE sender_unit = ? AND idempotency_key = ?",
                        (rs, n) -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3)},
                        actor.unitCode(),
                        key);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        String[] row = found.get(0);
        if (!fingerprint.equals(row[1])) {
            throw DocumentException.conflict(
                    "idempotency-key-reused", "This Idempotency-Key was already used for a different request.");
        }
        Integer deliveries = store.jdbc()
                .queryForObject(
                        "SELECT count(*) FROM delivery WHERE document_id = ? AND envelope_blob IS NULL",
                        Integer.class,
                        row[0]);
        return Optional.of(new SendResult(row[0], deliveries, row[2], true));
    }

    private Optional<SendResult> replaySupplement(String id, String key) {
        if (key == null) {
            return Optional.empty();
        }
        return store
                .jdbc()
                .query(
                        "SELECT envelope_blob, envelope_digest FROM document_supplement WHERE document_id = ? AND idempotency_key = ?",
                        (rs, n) -> new SendResult(
                                id,
                                store.jdbc()
                                        .queryForObject(
                                                "SELECT count(*) FROM delivery WHERE envelope_blob = ?",
                                                Integer.class,
                                                rs.getString(1)),
                                rs.getString(2),
                                true),
                        id,
                        key)
                .stream()
                .findFirst();
    }

    private static DocumentView withScope(DocumentView doc, List<String> to, List<String> cc) {
        List<DocumentView.ScopeEntry> scope = new ArrayList<>();
        to.stream()
                .filter(s -> s != null && !s.isBlank())
                .forEach(s -> scope.add(new DocumentView.ScopeEntry("MAIN", "UNIT", s.trim())));
        cc.stream()
                .filter(s -> s != null && !s.isBlank())
                .forEach(s -> scope.add(new DocumentView.ScopeEntry("CC", "UNIT", s.trim())));
        return new DocumentView(
                doc.id(),
                doc.senderUnit(),
                doc.typeCode(),
                doc.docNo(),
                doc.title(),
                doc.urgency(),
                doc.signer(),
                doc.docDate(),
                doc.notes(),
                doc.printCopies(),
                doc.printSuccess(),
                doc.paperFollows(),
                doc.state(),
                doc.draftedBy(),
                doc.createdAt(),
                doc.bodyBlob(),
                doc.bodyName(),
                doc.bodyFormat(),
                doc.noTextConfirmed(),
                doc.bodyHasText(),
                doc.approver(),
                doc.decisionReason(),
                doc.sealId(),
                doc.sealedBlob(),
                doc.sentBy(),
                doc.sentAt(),
                doc.envelopeBlob(),
                doc.envelopeDigest(),
                doc.idempotencyKey(),
                doc.sendFingerprint(),
                doc.requestId(),
                doc.closedReason(),
                doc.version(),
                doc.attachments(),
                scope);
    }

    static void requirePin(char[] pin) {
        if (pin == null || pin.length == 0) {
            throw DocumentException.invalid(
                    "unit-pin-required", "Enter your unit's key PIN: the envelope is signed with the unit key.");
        }
    }

    static DocumentException unitKeyRefused(PkiException e) {
        return switch (e.code()) {
            case "wrong-pin" ->
                new DocumentException(
                        422,
                        "document.unit-key.wrong-pin",
                        "Wrong unit key PIN"
                                + (e.remainingAttempts() >= 0
                                        ? ": " + e.remainingAttempts() + " attempt(s) left before the key locks."
                                        : "."));
            case "locked" ->
                new DocumentException(
                        423,
                        "document.unit-key.locked",
                        "The unit key is locked after five wrong PINs: the security admin resets it.");
            case "not-found" ->
                new DocumentException(
                        409,
                        "document.unit-key.missing",
                        "Your unit has no certificates yet: the unit admin issues them first.");
            default ->
                new DocumentException(
                        409, "document.unit-key." + e.code(), "The unit key cannot be used: " + e.getMessage());
        };
    }

    static String fingerprint(String act, String id, List<String> parameters) {
        String canonical = act + "\n" + id + "\n" + String.join("\n", parameters);
        return HexFormat.of().formatHex(Sm3.digest(canonical.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<String> nullToEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
