package org.sealpost.server.delivery;

import java.io.InputStream;
import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.core.render.PrintCopies;
import org.sealpost.core.render.RenderException;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.blob.BlobException;
import org.sealpost.server.blob.BlobStore;
import org.springframework.stereotype.Service;

/**
 * The de-sealed download (脱密下载; issue 6 item 6) and the raw envelope for end-to-end mode.
 *
 * <p>{@link #download}: after signing for it, with the unit PIN, the body as a PDF with every seal
 * in grey and no signatures ({@link PrintCopies#decryptedExport}), or an attachment as sent; the
 * DOWNLOADED event, state DOWNLOADED when it was SIGNED, one audit row. Decrypted in memory and
 * streamed out; nothing touches the disk.
 *
 * <p>{@link #envelope}: the envelope exactly as sealed for the unit (audited), so that the CLI
 * opens it with the unit's own PKCS#12 key and the server never handles plaintext.
 */
@Service
public class DownloadingDelivery {

    /** Download the body ({@code attachment} null) or attachment n (from 1), with the unit PIN (wiped). */
    public record DownloadCommand(long deliveryId, Integer attachment, char[] unitPin) {
        @Override
        public String toString() {
            return "DownloadCommand[" + deliveryId + ", attachment " + attachment + ", PIN [REDACTED]]";
        }
    }

    /** A file to send to the client: the bytes are plaintext, write them out and drop them. */
    public record Download(String fileName, String mediaType, byte[] content) {
        @Override
        public String toString() {
            return "Download[" + fileName + ", " + mediaType + ", " + content.length + " bytes]";
        }
    }

    private final DeliveryStore store;
    private final UnitEnvelopes envelopes;
    private final BlobStore blobs;
    private final PrintCopies copies = PrintCopies.system();

    DownloadingDelivery(DeliveryStore store, UnitEnvelopes envelopes, BlobStore blobs) {
        this.store = store;
        this.envelopes = envelopes;
        this.blobs = blobs;
    }

    public Download download(SignedInUser actor, DownloadCommand command) {
        long id = command.deliveryId();
        char[] pin = command.unitPin();
        try {
            DeliveryView d = store.refusalsAudited(actor, "DELIVERY_DOWNLOADED", id, () -> {
                DeliveryView found = store.openable(actor, id);
                if (!DeliveryState.SIGNED_FOR.contains(found.state())) {
                    throw DeliveryException.conflict(
                            "not-signed", "Sign for the document before downloading it (it is " + found.state() + ").");
                }
                return found;
            });
            Download file = store.refusalsAudited(
                    actor,
                    "DELIVERY_DOWNLOADED",
                    id,
                    () -> envelopes.withUnitKey(d.unitCode(), pin, token -> {
                        UnitEnvelopes.Opened opened = envelopes.open(store.envelopeBlob(id), d.envelopeSentAt(), token);
                        try {
                            return export(opened.files(), command.attachment());
                        } finally {
                            opened.wipe();
                        }
                    }));
            store.audited(actor, "DELIVERY_DOWNLOADED", id, () -> {
                OffsetDateTime now = store.now();
                if (d.state() == DeliveryState.SIGNED && !store.transition(d, DeliveryState.DOWNLOADED, null)) {
                    throw DeliveryException.conflict("changed", "The delivery changed meanwhile: reload it.");
                }
                store.event(d, "DOWNLOADED", actor.username(), now, file.fileName());
                return null;
            });
            return file;
        } finally {
            if (pin != null) {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }

    private Download export(List<PlainFile> files, Integer attachment) {
        if (attachment == null || attachment == 0) {
            PlainFile body = files.get(0);
            try {
                return new Download(pdfName(body.name()), "application/pdf", copies.decryptedExport(body.content()));
            } catch (RenderException e) {
                throw ReadingDeliveries.renderRefused(e);
            }
        }
        if (attachment < 0 || attachment >= files.size()) {
            throw new DeliveryException(
                    404, "delivery.no-such-attachment", "The document has " + (files.size() - 1) + " attachment(s).");
        }
        PlainFile a = files.get(attachment);
        return new Download(a.name(), a.mediaType(), a.content().clone());
    }

    static String pdfName(String name) {
        String base = name == null || name.isBlank() ? "document" : name;
        int dot = base.lastIndexOf('.');
        return (dot > 0 ? base.substring(0, dot) : base) + "-脱密.pdf";
    }

    /** The envelope as sealed for the unit (end-to-end mode). Audited DELIVERY_ENVELOPE_FETCHED. */
    public InputStream envelope(SignedInUser actor, long id) {
        return store.audited(actor, "DELIVERY_ENVELOPE_FETCHED", id, () -> {
            store.openable(actor, id);
            try {
                return blobs.open(store.envelopeBlob(id));
            } catch (BlobException e) {
                throw e.reason() == BlobException.Reason.SHREDDED
                        ? new DeliveryException(410, "delivery.gone", "The electronic copy was destroyed.")
                        : new DeliveryException(
                                500, "delivery.storage-damaged", "The stored envelope failed its integrity check.");
            }
        });
    }

    /** The file name the envelope is offered under. */
    public String envelopeName(SignedInUser actor, long id) {
        DeliveryView d = store.visible(actor, id);
        return "delivery-" + d.id() + ".sealpost";
    }
}
