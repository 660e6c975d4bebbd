package org.sealpost.server.delivery;

import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.core.envelope.EnvelopeHeader;
import org.sealpost.core.envelope.PayloadEntry;
import org.sealpost.core.render.PageRenderer;
import org.sealpost.core.render.RenderException;
import org.sealpost.core.render.Watermark;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.stereotype.Service;

/**
 * Viewing a delivery (issue 6 item 2). {@link #show} gives the metadata, state and the files the
 * envelope carries (from its signed header: no key needed); the first time anyone of the unit
 * opens it, {@code read_at} is set with a READ event. {@link #open} decrypts the envelope with the
 * unit key (the operator types the unit PIN once) and keeps the plaintext in the {@link ViewCache}
 * (memory only, short-lived, wiped on eviction); {@link #page} renders page images from there,
 * with a watermark naming the viewing unit, the user and the time, so that no original file is
 * ever reachable by URL. A recalled or voided delivery is 410 Gone.
 */
@Service
public class ReadingDeliveries {

    /** A file in the envelope: index 0 is the body, 1… the attachments. */
    public record FileEntry(int index, String name, String mediaType, long size, String sm3) {}

    /**
     * The delivery as shown: {@code pageCount} is known (non-null) only while this user has the
     * document opened with the PIN.
     */
    public record DeliveryDetails(DeliveryView delivery, List<FileEntry> files, Integer pageCount, boolean opened) {

        public FileEntry body() {
            return files.get(0);
        }

        public List<FileEntry> attachments() {
            return files.subList(1, files.size());
        }
    }

    /** Open for viewing with the unit PIN (wiped after use). */
    public record OpenCommand(long deliveryId, char[] unitPin) {
        @Override
        public String toString() {
            return "OpenCommand[" + deliveryId + ", PIN [REDACTED]]";
        }
    }

    private final DeliveryStore store;
    private final EnvelopeHeaders headers;
    private final UnitEnvelopes envelopes;
    private final ViewCache cache;
    private final UnitDirectory units;
    private final PageRenderer renderer = PageRenderer.system();

    ReadingDeliveries(
            DeliveryStore store,
            EnvelopeHeaders headers,
            UnitEnvelopes envelopes,
            ViewCache cache,
            UnitDirectory units) {
        this.store = store;
        this.headers = headers;
        this.envelopes = envelopes;
        this.cache = cache;
        this.units = units;
    }

    /**
     * The delivery's row as its unit sees it, whatever its state (recalled and voided included, so
     * that a page can say so and offer the destruction confirmation); 404 for another unit's.
     * Changes nothing and is not audited (as the inbox list).
     */
    public DeliveryView status(SignedInUser actor, long id) {
        return store.visible(actor, id);
    }

    /** Metadata, state and files; marks it read on the first open (READ event). Audited DELIVERY_VIEWED. */
    public DeliveryDetails show(SignedInUser actor, long id) {
        return store.audited(actor, "DELIVERY_VIEWED", id, () -> {
            DeliveryView d = markRead(actor, store.openable(actor, id));
            EnvelopeHeader header = headers.of(d);
            Integer pages = cache.get(id, actor.username())
                    .map(files -> pageCount(files.get(0)))
                    .orElse(null);
            return new DeliveryDetails(d, files(header), pages, pages != null);
        });
    }

    /**
     * Decrypts the envelope with the unit key for viewing (and verifies it: sender signature and
     * certificate, every file's SM3); the plaintext stays in memory for the view TTL. Audited
     * DELIVERY_OPENED. Returns the details with the page count.
     */
    public DeliveryDetails open(SignedInUser actor, OpenCommand command) {
        long id = command.deliveryId();
        char[] pin = command.unitPin();
        try {
            DeliveryView d = store.refusalsAudited(actor, "DELIVERY_OPENED", id, () -> store.openable(actor, id));
            UnitEnvelopes.Opened opened = store.refusalsAudited(
                    actor,
                    "DELIVERY_OPENED",
                    id,
                    () -> envelopes.withUnitKey(
                            d.unitCode(),
                            pin,
                            token -> envelopes.open(store.envelopeBlob(id), d.envelopeSentAt(), token)));
            int pages;
            try {
                pages = pageCount(opened.files().get(0));
            } catch (DeliveryException e) {
                opened.wipe();
                store.audit(actor, "DELIVERY_OPENED", false, id, e.code());
                throw e;
            }
            cache.put(id, actor.username(), opened.files());
            DeliveryView read = store.audited(actor, "DELIVERY_OPENED", id, () -> markRead(actor, d));
            return new DeliveryDetails(read, files(opened.header()), pages, true);
        } finally {
            if (pin != null) {
                java.util.Arrays.fill(pin, '\0');
            }
        }
    }

    /** Page {@code page} (from 1) of the body as a watermarked PNG; the document must be opened with the PIN first. */
    public byte[] page(SignedInUser actor, long id, int page) {
        DeliveryView d = store.openable(actor, id);
        List<PlainFile> files = cache.get(id, actor.username())
                .orElseThrow(() -> DeliveryException.conflict(
                        "open-required",
                        "Open the document with your unit key PIN first (POST /api/v1/deliveries/" + id
                                + "/open); the opened copy is kept for a few minutes."));
        String unitName = units.findByCode(d.unitCode()).map(u -> u.name()).orElse(d.unitCode());
        try {
            return renderer.renderPng(
                    files.get(0).content(),
                    page,
                    new Watermark(
                            unitName,
                            actor.displayName() + " " + actor.username(),
                            store.clock().instant()));
        } catch (RenderException e) {
            throw renderRefused(e);
        }
    }

    private int pageCount(PlainFile body) {
        try {
            return renderer.pageCount(body.content());
        } catch (RenderException e) {
            throw renderRefused(e);
        }
    }

    static DeliveryException renderRefused(RenderException e) {
        return switch (e.problem()) {
            case NO_SUCH_PAGE -> new DeliveryException(404, "delivery.no-such-page", e.getMessage());
            case INVALID_REQUEST -> DeliveryException.invalid("bad-page", e.getMessage());
            default ->
                new DeliveryException(
                        422, "delivery.unrenderable", "The document cannot be shown as pages: " + e.getMessage());
        };
    }

    private DeliveryView markRead(SignedInUser actor, DeliveryView d) {
        if (d.readAt() != null) {
            return d;
        }
        OffsetDateTime now = store.now();
        int n = store.jdbc().update("UPDATE delivery SET read_at = ? WHERE id = ? AND read_at IS NULL", now, d.id());
        if (n == 1) {
            store.event(d, "READ", actor.username(), now, null);
        }
        return store.find(d.id()).orElseThrow();
    }

    static List<FileEntry> files(EnvelopeHeader header) {
        List<PayloadEntry> entries = header.manifest().entries();
        return java.util.stream.IntStream.range(0, entries.size())
                .mapToObj(i -> new FileEntry(
                        i,
                        entries.get(i).name(),
                        entries.get(i).mediaType(),
                        entries.get(i).size(),
                        entries.get(i).sm3Hex()))
                .toList();
    }
}
