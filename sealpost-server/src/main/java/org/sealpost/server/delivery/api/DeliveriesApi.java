package org.sealpost.server.delivery.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.delivery.ClosingDeliveries;
import org.sealpost.server.delivery.DeliveryException;
import org.sealpost.server.delivery.DeliveryView;
import org.sealpost.server.delivery.DownloadingDelivery;
import org.sealpost.server.delivery.Inbox;
import org.sealpost.server.delivery.ReadingDeliveries;
import org.sealpost.server.delivery.Receipt;
import org.sealpost.server.delivery.ReturningDelivery;
import org.sealpost.server.delivery.SigningForDelivery;
import org.springframework.core.io.InputStreamResource;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Receiving over REST (issue 6): inbox, show, open with the unit PIN, page images, sign for,
 * receipts (server-signed or end-to-end), return, de-sealed download, raw envelope, archive and
 * destruction confirmation. Another unit's delivery is a 404; a recalled or voided one is 410;
 * errors are problem+json with a stable {@code code} ({@link DeliveryApiExceptionHandler}). The
 * unit PIN travels in the JSON body ({@code pin}) or, for GET downloads, in the {@value #PIN_HEADER}
 * header; it is never logged.
 */
@RestController
@RequestMapping("/api/v1")
@PreAuthorize("isAuthenticated()")
@Tag(name = "Deliveries", description = "Receiving documents (收文): inbox, view, sign for, return, download")
class DeliveriesApi {

    static final String PIN_HEADER = "X-Unit-Pin";

    private final Inbox inbox;
    private final ReadingDeliveries reading;
    private final SigningForDelivery signing;
    private final ReturningDelivery returning;
    private final DownloadingDelivery downloading;
    private final ClosingDeliveries closing;

    DeliveriesApi(
            Inbox inbox,
            ReadingDeliveries reading,
            SigningForDelivery signing,
            ReturningDelivery returning,
            DownloadingDelivery downloading,
            ClosingDeliveries closing) {
        this.inbox = inbox;
        this.reading = reading;
        this.signing = signing;
        this.returning = returning;
        this.downloading = downloading;
        this.closing = closing;
    }

    /** A delivery in the inbox (the CLI's {@code inbox --json} items are exactly these). */
    record InboxItem(
            long id,
            String documentId,
            String title,
            String state,
            String urgency,
            String sender,
            String senderName,
            String type,
            String docNo,
            Instant deliveredAt,
            Instant dueAt,
            boolean read,
            boolean overdue) {
        static InboxItem of(DeliveryView d, Instant now) {
            return new InboxItem(
                    d.id(),
                    d.documentId(),
                    d.title(),
                    d.state().name(),
                    d.urgency(),
                    d.senderUnit(),
                    d.senderName(),
                    d.typeCode(),
                    d.docNo(),
                    d.deliveredAt(),
                    d.dueAt(),
                    d.read(),
                    d.overdue(now));
        }
    }

    record InboxJson(List<InboxItem> items, long total, long unread, long overdue, int offset, int limit) {}

    @GetMapping("/inbox")
    @Operation(
            summary = "The unit's inbox (收文)",
            description = "Extra-urgent, then urgent, then normal; newest first. Filters: status (DELIVERED, SIGNED,"
                    + " …), type (document type code), sender (unit code), from/to (delivered at, ISO-8601 instants);"
                    + " offset/limit paging (limit ≤ 200). Also the unread and overdue counts of the whole inbox.")
    InboxJson inbox(
            @AuthenticationPrincipal SignedInUser me,
            @RequestParam(required = false) String status,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String sender,
            @RequestParam(required = false) Instant from,
            @RequestParam(required = false) Instant to,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int limit) {
        Inbox.InboxPage page = inbox.list(
                me, new Inbox.InboxQuery(Inbox.InboxQuery.state(status), type, sender, from, to, offset, limit));
        Instant now = Instant.now();
        return new InboxJson(
                page.items().stream().map(d -> InboxItem.of(d, now)).toList(),
                page.total(),
                page.unread(),
                page.overdue(),
                page.offset(),
                page.limit());
    }

    record FileJson(int index, String name, String mediaType, long size, String sm3) {}

    record DeliveryJson(
            long id,
            String documentId,
            String title,
            String state,
            String urgency,
            String sender,
            String senderName,
            String type,
            String docNo,
            String scopeRole,
            Instant deliveredAt,
            Instant dueAt,
            Instant readAt,
            Instant signedAt,
            String signedBy,
            Instant returnedAt,
            String returnReason,
            int copiesAuthorised,
            int copiesToSucceed,
            int copiesIssued,
            int copiesSucceeded,
            String envelopeDigest,
            FileJson body,
            List<FileJson> attachments,
            Integer pageCount,
            boolean opened) {
        static DeliveryJson of(ReadingDeliveries.DeliveryDetails details) {
            DeliveryView d = details.delivery();
            return new DeliveryJson(
                    d.id(),
                    d.documentId(),
                    d.title(),
                    d.state().name(),
                    d.urgency(),
                    d.senderUnit(),
                    d.senderName(),
                    d.typeCode(),
                    d.docNo(),
                    d.scopeRole(),
                    d.deliveredAt(),
                    d.dueAt(),
                    d.readAt(),
                    d.signedAt(),
                    d.signedBy(),
                    d.returnedAt(),
                    d.returnReason(),
                    d.copiesAuthorised(),
                    d.copiesToSucceed(),
                    d.copiesIssued(),
                    d.copiesSucceeded(),
                    d.envelopeDigest(),
                    file(details.body()),
                    details.attachments().stream().map(DeliveriesApi::file).toList(),
                    details.pageCount(),
                    details.opened());
        }
    }

    static FileJson file(ReadingDeliveries.FileEntry f) {
        return new FileJson(f.index(), f.name(), f.mediaType(), f.size(), f.sm3());
    }

    @GetMapping("/deliveries/{id}")
    @Operation(
            summary = "Show a delivery",
            description = "Metadata, state, the body and attachments the envelope carries; the first open sets"
                    + " readAt (READ event). pageCount is set while you have it opened with the PIN. 410 when recalled"
                    + " or voided.")
    DeliveryJson show(@AuthenticationPrincipal SignedInUser me, @PathVariable long id) {
        return DeliveryJson.of(reading.show(me, id));
    }

    /** The unit key PIN (and, where it applies, more fields). Never logged. */
    record PinJson(String pin) {
        @Override
        public String toString() {
            return "PinJson[REDACTED]";
        }
    }

    @PostMapping("/deliveries/{id}/open")
    @Operation(
            summary = "Open for viewing with the unit PIN",
            description = "Decrypts and verifies the envelope with the unit key; the plaintext is kept in server"
                    + " memory only, for a few minutes, for the page images. Wrong PIN: 422 with remainingAttempts;"
                    + " 5 wrong PINs lock the unit key (423).")
    DeliveryJson open(@AuthenticationPrincipal SignedInUser me, @PathVariable long id, @RequestBody PinJson body) {
        return DeliveryJson.of(reading.open(me, new ReadingDeliveries.OpenCommand(id, pin(body.pin()))));
    }

    @GetMapping(value = "/deliveries/{id}/pages/{page}.png", produces = MediaType.IMAGE_PNG_VALUE)
    @Operation(
            summary = "Page image",
            description = "Page n (from 1) of the body as PNG with a watermark naming your unit, you and the time."
                    + " Open the delivery with the PIN first (409 otherwise).")
    ResponseEntity<byte[]> page(
            @AuthenticationPrincipal SignedInUser me, @PathVariable long id, @PathVariable int page) {
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .cacheControl(CacheControl.noStore())
                .body(reading.page(me, id, page));
    }

    record ReceiptJson(
            long deliveryId,
            String documentId,
            String unit,
            String state,
            Instant signedAt,
            String signedBy,
            String envelopeDigest,
            boolean endToEnd,
            boolean replayed,
            String receipt) {
        static ReceiptJson of(Receipt r) {
            return new ReceiptJson(
                    r.deliveryId(),
                    r.documentId(),
                    r.unitCode(),
                    "SIGNED",
                    r.signedAt(),
                    r.signedBy(),
                    r.envelopeDigest(),
                    r.endToEnd(),
                    r.replayed(),
                    Base64.getEncoder().encodeToString(r.der()));
        }
    }

    @PostMapping("/deliveries/{id}/sign")
    @Operation(
            summary = "Sign for a delivery (签收) with the unit PIN",
            description = "Verifies the envelope (sender signature and certificate, every file's SM3) and signs a"
                    + " receipt with the unit's key. Signing again returns the same receipt (replayed: true)."
                    + " Wrong PIN: 422 with remainingAttempts; locked: 423; recalled/voided: 410.")
    ReceiptJson sign(@AuthenticationPrincipal SignedInUser me, @PathVariable long id, @RequestBody PinJson body) {
        return ReceiptJson.of(signing.sign(me, new SigningForDelivery.SignCommand(id, pin(body.pin()))));
    }

    record LocalReceiptJson(String receipt) {}

    @PostMapping("/deliveries/{id}/receipt")
    @Operation(
            summary = "Submit a receipt signed with the unit's own key (end-to-end mode)",
            description = "receipt: Base64 of the DER CMS SignedData of the RECEIPT statement over this document, its"
                    + " envelope digest and your unit, signed with your unit's current signing certificate.")
    ReceiptJson submitReceipt(
            @AuthenticationPrincipal SignedInUser me, @PathVariable long id, @RequestBody LocalReceiptJson body) {
        byte[] der;
        try {
            der = body.receipt() == null ? new byte[0] : Base64.getMimeDecoder().decode(body.receipt());
        } catch (IllegalArgumentException e) {
            throw new DeliveryException(400, "delivery.bad-receipt", "receipt is not Base64.");
        }
        return ReceiptJson.of(signing.acceptReceipt(me, id, der));
    }

    @GetMapping("/deliveries/{id}/receipt")
    @Operation(
            summary = "The signed receipt (DER CMS SignedData)",
            description = "For the recipient unit and the sending unit. Check it with `sealpost verify FILE`.")
    ResponseEntity<byte[]> receipt(@AuthenticationPrincipal SignedInUser me, @PathVariable long id) {
        Receipt r = signing.receipt(me, id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/pkcs7-mime"))
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("receipt-" + id + ".p7m")
                                .build()
                                .toString())
                .body(r.der());
    }

    record ReturnJson(String reason, String pin) {
        @Override
        public String toString() {
            return "ReturnJson[PIN REDACTED]";
        }
    }

    record ReturnedJson(
            long deliveryId, String documentId, String state, Instant returnedAt, String reason, String statement) {}

    @PostMapping("/deliveries/{id}/return")
    @Operation(
            summary = "Return a delivery (退回) with a reason",
            description = "Only before signing for it. The reason is mandatory (400 when blank); a return statement is"
                    + " signed with the unit key (PIN) and the sender is told.")
    ReturnedJson returnDelivery(
            @AuthenticationPrincipal SignedInUser me, @PathVariable long id, @RequestBody ReturnJson body) {
        ReturningDelivery.Returned r =
                returning.returnDelivery(me, new ReturningDelivery.ReturnCommand(id, body.reason(), pin(body.pin())));
        return new ReturnedJson(
                r.deliveryId(),
                r.documentId(),
                "RETURNED",
                r.returnedAt(),
                r.reason(),
                Base64.getEncoder().encodeToString(r.statement()));
    }

    @GetMapping("/deliveries/{id}/download")
    @Operation(
            summary = "De-sealed download (脱密下载)",
            description = "After signing for it, with the unit PIN in the " + PIN_HEADER + " header: the body as a PDF"
                    + " with the seals greyed (or attachment n as sent). Logged (DOWNLOADED event, audit).")
    ResponseEntity<byte[]> download(
            @AuthenticationPrincipal SignedInUser me,
            @PathVariable long id,
            @Parameter(description = "attachment number (from 1); none for the body") @RequestParam(required = false)
                    Integer attachment,
            @RequestHeader(name = PIN_HEADER, required = false) String pin) {
        return file(downloading.download(me, new DownloadingDelivery.DownloadCommand(id, attachment, pin(pin))));
    }

    record DownloadJson(String pin, Integer attachment) {
        @Override
        public String toString() {
            return "DownloadJson[" + attachment + ", PIN REDACTED]";
        }
    }

    @PostMapping("/deliveries/{id}/download")
    @Operation(summary = "De-sealed download with the PIN in the JSON body", description = "As the GET.")
    ResponseEntity<byte[]> downloadPost(
            @AuthenticationPrincipal SignedInUser me, @PathVariable long id, @RequestBody DownloadJson body) {
        return file(downloading.download(
                me, new DownloadingDelivery.DownloadCommand(id, body.attachment(), pin(body.pin()))));
    }

    private static ResponseEntity<byte[]> file(DownloadingDelivery.Download d) {
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(d.mediaType()))
                .cacheControl(CacheControl.noStore())
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename(d.fileName(), StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .body(d.content());
    }

    @GetMapping(value = "/deliveries/{id}/envelope", produces = MediaType.APPLICATION_OCTET_STREAM_VALUE)
    @Operation(
            summary = "The raw envelope (end-to-end mode)",
            description = "The envelope as sealed for your unit, to open with the unit's own PKCS#12 key"
                    + " (`sealpost download --key UNIT.p12`). Audited.")
    ResponseEntity<InputStreamResource> envelope(@AuthenticationPrincipal SignedInUser me, @PathVariable long id) {
        String name = downloading.envelopeName(me, id);
        InputStream in = downloading.envelope(me, id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(name).build().toString())
                .body(new InputStreamResource(in));
    }

    @PostMapping("/deliveries/{id}/archive")
    @Operation(summary = "Archive (归档) a signed-for, printed or downloaded delivery")
    InboxItem archive(@AuthenticationPrincipal SignedInUser me, @PathVariable long id) {
        return InboxItem.of(closing.archive(me, id), Instant.now());
    }

    record DestructionJson(List<String> copies, String pin) {
        @Override
        public String toString() {
            return "DestructionJson[" + copies + ", PIN REDACTED]";
        }
    }

    record DestroyedJson(long deliveryId, String state, List<String> copies, Instant confirmedAt, String statement) {}

    @PostMapping("/deliveries/{id}/destruction")
    @Operation(
            summary = "Confirm destruction of every printed copy after a void",
            description = "copies: every successfully printed copy number (e.g. 000001), all of them and no others;"
                    + " signed with the unit key (PIN).")
    DestroyedJson destruction(
            @AuthenticationPrincipal SignedInUser me, @PathVariable long id, @RequestBody DestructionJson body) {
        ClosingDeliveries.DestructionConfirmed c = closing.confirmDestruction(
                me, new ClosingDeliveries.DestructionCommand(id, body.copies(), pin(body.pin())));
        return new DestroyedJson(
                c.deliveryId(),
                "DESTRUCTION_CONFIRMED",
                c.copyNumbers(),
                c.confirmedAt(),
                Base64.getEncoder().encodeToString(c.statement()));
    }

    @GetMapping("/deliveries/{id}/destruction")
    @Operation(summary = "The copy numbers to report destroyed (printed successfully)")
    List<String> copiesToDestroy(@AuthenticationPrincipal SignedInUser me, @PathVariable long id) {
        return closing.copiesToDestroy(me, id);
    }

    private static char[] pin(String pin) {
        return pin == null ? null : pin.toCharArray();
    }
}
