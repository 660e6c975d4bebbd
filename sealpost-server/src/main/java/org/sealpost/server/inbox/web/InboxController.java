package org.sealpost.server.inbox.web;

import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.delivery.ClosingDeliveries;
import org.sealpost.server.delivery.DeliveryException;
import org.sealpost.server.delivery.DeliveryState;
import org.sealpost.server.delivery.DeliveryView;
import org.sealpost.server.delivery.DownloadingDelivery;
import org.sealpost.server.delivery.Inbox;
import org.sealpost.server.delivery.ReadingDeliveries;
import org.sealpost.server.delivery.ReturningDelivery;
import org.sealpost.server.delivery.SigningForDelivery;
import org.sealpost.server.document.DocumentTypes;
import org.sealpost.server.inbox.LiveUpdates;
import org.sealpost.server.printing.CopyRequests;
import org.sealpost.server.printing.PrintKind;
import org.sealpost.server.printing.PrintingCopies;
import org.sealpost.server.printing.PrintingException;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The receiving pages (收文): the live inbox of the caller's unit and one delivery's page with
 * every action of the recipient side. Every action goes through the delivery and printing use
 * cases (which authorise, audit and write the delivery events); a refusal re-renders the page with
 * the use case's status and message. After an action the unit's other open pages and the sender's
 * tracking view are told through {@link LiveUpdates}.
 */
@Controller
class InboxController {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");

    private final Inbox inbox;
    private final ReadingDeliveries reading;
    private final SigningForDelivery signing;
    private final ReturningDelivery returning;
    private final DownloadingDelivery downloading;
    private final ClosingDeliveries closing;
    private final PrintingCopies printing;
    private final CopyRequests copyRequests;
    private final DocumentTypes types;
    private final LiveUpdates live;
    private final IssuedCopies issued;
    private final java.time.Clock clock;
    private final org.sealpost.server.printing.PrintingProperties printingProperties;

    InboxController(
            Inbox inbox,
            ReadingDeliveries reading,
            SigningForDelivery signing,
            ReturningDelivery returning,
            DownloadingDelivery downloading,
            ClosingDeliveries closing,
            PrintingCopies printing,
            CopyRequests copyRequests,
            DocumentTypes types,
            LiveUpdates live,
            IssuedCopies issued,
            java.time.Clock clock,
            org.sealpost.server.printing.PrintingProperties printingProperties) {
        this.printingProperties = printingProperties;
        this.clock = clock;
        this.inbox = inbox;
        this.reading = reading;
        this.signing = signing;
        this.returning = returning;
        this.downloading = downloading;
        this.closing = closing;
        this.printing = printing;
        this.copyRequests = copyRequests;
        this.types = types;
        this.live = live;
        this.issued = issued;
    }

    // ---- inbox -----------------------------------------------------------------------------------

    @GetMapping("/inbox")
    String inbox(
            @RequestParam(defaultValue = "") String state,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String sender,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            Model model,
            HttpServletResponse response) {
        model.addAttribute("states", DeliveryState.values());
        model.addAttribute("types", types.all());
        return rows(state, type, sender, from, to, model, response, "inbox/inbox");
    }

    @GetMapping("/inbox/rows")
    String inboxRows(
            @RequestParam(defaultValue = "") String state,
            @RequestParam(defaultValue = "") String type,
            @RequestParam(defaultValue = "") String sender,
            @RequestParam(defaultValue = "") String from,
            @RequestParam(defaultValue = "") String to,
            Model model,
            HttpServletResponse response) {
        return rows(state, type, sender, from, to, model, response, "inbox/inbox :: list");
    }

    private String rows(
            String state,
            String type,
            String sender,
            String from,
            String to,
            Model model,
            HttpServletResponse response,
            String view) {
        SignedInUser me = me();
        model.addAttribute("state", state);
        model.addAttribute("type", type);
        model.addAttribute("sender", sender);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        Inbox.InboxPage page;
        try {
            page = inbox.list(
                    me,
                    new Inbox.InboxQuery(
                            Inbox.InboxQuery.state(state),
                            blankToNull(type),
                            blankToNull(sender),
                            day(from),
                            day(to) == null ? null : day(to).plus(java.time.Duration.ofDays(1)),
                            0,
                            Inbox.MAX_LIMIT));
        } catch (DeliveryException e) {
            if (e.status() != 400) {
                throw e;
            }
            response.setStatus(400);
            model.addAttribute("errorCode", e.code());
            model.addAttribute("errorDetail", e.getMessage());
            page = inbox.list(me, Inbox.InboxQuery.all());
        }
        model.addAttribute("page", page);
        boolean english = "en"
                .equals(org.springframework.context.i18n.LocaleContextHolder.getLocale()
                        .getLanguage());
        java.util.Map<String, String> typeNames = new java.util.HashMap<>();
        types.all().forEach(t -> typeNames.put(t.code(), english ? t.nameEn() : t.nameZh()));
        model.addAttribute("typeNames", typeNames);
        model.addAttribute("now", clock.instant());
        return view;
    }

    /** The header badge: unread deliveries of the unit. */
    @GetMapping("/inbox/badge")
    String badge(Model model) {
        return "inbox/badge :: badge";
    }

    /** The unit's live-update stream (text/event-stream): see {@link LiveUpdates}. */
    @GetMapping(value = "/inbox/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream() {
        SignedInUser me = me();
        inbox.list(me, new Inbox.InboxQuery(null, null, null, null, null, 0, 1)); // 403 without usage
        return live.subscribe(me);
    }

    // ---- one delivery --------------------------------------------------------------------------

    @GetMapping("/inbox/{id}")
    String delivery(@PathVariable long id, @RequestParam(required = false) String issuedCopy, Model model) {
        SignedInUser me = me();
        DeliveryView d = reading.status(me, id);
        model.addAttribute("d", d);
        if (d.state().closed()) {
            model.addAttribute("closed", true);
            if (d.state() == DeliveryState.VOIDED) {
                model.addAttribute("toDestroy", closing.copiesToDestroy(me, id));
            }
            return "inbox/delivery";
        }
        ReadingDeliveries.DeliveryDetails details = reading.show(me, id);
        model.addAttribute("d", details.delivery());
        model.addAttribute("details", details);
        List<Integer> pages = new ArrayList<>();
        if (details.pageCount() != null) {
            for (int i = 1; i <= Math.min(details.pageCount(), 50); i++) {
                pages.add(i);
            }
        }
        model.addAttribute("pageNumbers", pages);
        boolean signedFor = DeliveryState.SIGNED_FOR.contains(details.delivery().state());
        model.addAttribute("signedFor", signedFor);
        if (signedFor) {
            model.addAttribute("allowance", printing.allowance(me, id));
            model.addAttribute("greyAllowed", printingProperties.greyAllowed());
            model.addAttribute("copies", printing.copies(me, id));
            model.addAttribute("copyRequests", copyRequests.ofDelivery(me, id));
        }
        if (issuedCopy != null && issuedCopy.matches("\\d{6}")) {
            model.addAttribute("issuedCopy", issuedCopy);
            model.addAttribute("issuedCopyHeld", issued.has(me.username(), id, issuedCopy));
        }
        return "inbox/delivery";
    }

    @GetMapping("/inbox/{id}/pages/{page}.png")
    ResponseEntity<byte[]> page(@PathVariable long id, @PathVariable int page) {
        byte[] png = reading.page(me(), id, page);
        return ResponseEntity.ok()
                .contentType(MediaType.IMAGE_PNG)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(png);
    }

    @PostMapping("/inbox/{id}/open")
    String open(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            reading.open(me(), new ReadingDeliveries.OpenCommand(id, pin.toCharArray()));
            return "redirect:/inbox/" + id;
        });
    }

    @PostMapping("/inbox/{id}/sign")
    String sign(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String pin,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            signing.sign(me(), new SigningForDelivery.SignCommand(id, pin.toCharArray()));
            return "redirect:/inbox/" + id + "?done=signed";
        });
    }

    @PostMapping("/inbox/{id}/return")
    String returnIt(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String reason,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "false") boolean confirm,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            requireConfirmation(confirm);
            returning.returnDelivery(me(), new ReturningDelivery.ReturnCommand(id, reason, pin.toCharArray()));
            return "redirect:/inbox/" + id + "?done=returned";
        });
    }

    @PostMapping("/inbox/{id}/print")
    String print(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(defaultValue = "SEALED") String kind,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            SignedInUser me = me();
            PrintKind k = "GREY".equalsIgnoreCase(kind) ? PrintKind.GREY : PrintKind.SEALED;
            PrintingCopies.IssuedCopy copy =
                    printing.print(me, new PrintingCopies.PrintCommand(id, k, null, pin.toCharArray()));
            String number = copy.copyNumber().toString();
            if (copy.pdf() != null) {
                issued.put(me.username(), id, number, copy.pdf());
            }
            tellSender(me, id);
            return "redirect:/inbox/" + id + "?issuedCopy=" + number;
        });
    }

    /** The numbered PDF of a copy just printed, once, for the person who printed it. */
    @GetMapping("/inbox/{id}/copies/{copy}.pdf")
    ResponseEntity<byte[]> copyPdf(@PathVariable long id, @PathVariable String copy) {
        SignedInUser me = me();
        reading.status(me, id);
        byte[] pdf = issued.take(me.username(), id, copy)
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND, "This copy was already downloaded or has expired."));
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header("X-Copy-Number", copy)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(
                        HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment()
                                .filename("copy-" + id + "-" + copy + ".pdf")
                                .build()
                                .toString())
                .body(pdf);
    }

    @PostMapping("/inbox/{id}/copies/{copy}/result")
    String report(
            @PathVariable long id,
            @PathVariable String copy,
            @RequestParam(defaultValue = "") String result,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            SignedInUser me = me();
            printing.report(me, id, copy, result, reason);
            issued.take(me.username(), id, copy).ifPresent(b -> Arrays.fill(b, (byte) 0));
            tellSender(me, id);
            return "redirect:/inbox/" + id + "?done=reported";
        });
    }

    @PostMapping("/inbox/{id}/copy-request")
    String requestCopies(
            @PathVariable long id,
            @RequestParam(defaultValue = "0") int copies,
            @RequestParam(defaultValue = "") String reason,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            SignedInUser me = me();
            copyRequests.request(me, id, copies, reason);
            tellSender(me, id);
            return "redirect:/inbox/" + id + "?done=requested";
        });
    }

    @PostMapping("/inbox/{id}/download")
    Object download(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(required = false) Integer attachment,
            @RequestParam(defaultValue = "false") boolean confirm,
            Model model,
            HttpServletResponse response) {
        try {
            requireConfirmation(confirm);
            SignedInUser me = me();
            DownloadingDelivery.Download file = downloading.download(
                    me, new DownloadingDelivery.DownloadCommand(id, attachment, pin.toCharArray()));
            tellSender(me, id);
            return ResponseEntity.ok()
                    .contentType(MediaType.parseMediaType(file.mediaType()))
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .header(
                            HttpHeaders.CONTENT_DISPOSITION,
                            ContentDisposition.attachment()
                                    .filename(file.fileName(), StandardCharsets.UTF_8)
                                    .build()
                                    .toString())
                    .body(file.content());
        } catch (DeliveryException | PrintingException e) {
            return refuse(id, e, model, response);
        }
    }

    @PostMapping("/inbox/{id}/destruction")
    String destruction(
            @PathVariable long id,
            @RequestParam(defaultValue = "") String pin,
            @RequestParam(required = false) List<String> copies,
            @RequestParam(defaultValue = "false") boolean confirm,
            Model model,
            HttpServletResponse response) {
        return act(id, model, response, () -> {
            requireConfirmation(confirm);
            SignedInUser me = me();
            closing.confirmDestruction(
                    me,
                    new ClosingDeliveries.DestructionCommand(
                            id, copies == null ? List.of() : copies, pin.toCharArray()));
            tellSender(me, id);
            return "redirect:/inbox/" + id + "?done=destroyed";
        });
    }

    @org.springframework.web.bind.annotation.ExceptionHandler({DeliveryException.class, PrintingException.class})
    String refused(RuntimeException e, Model model, HttpServletResponse response) {
        int status = e instanceof DeliveryException de ? de.status() : ((PrintingException) e).status();
        response.setStatus(status);
        model.addAttribute("errorCode", e instanceof DeliveryException de ? de.code() : ((PrintingException) e).code());
        model.addAttribute("errorDetail", status == 404 ? null : e.getMessage());
        return "inbox/error";
    }

    // ---- helpers ---------------------------------------------------------------------------------

    private String act(long id, Model model, HttpServletResponse response, Supplier<String> action) {
        try {
            return action.get();
        } catch (DeliveryException | PrintingException e) {
            return refuse(id, e, model, response);
        }
    }

    private String refuse(long id, RuntimeException e, Model model, HttpServletResponse response) {
        int status = e instanceof DeliveryException de ? de.status() : ((PrintingException) e).status();
        String code = e instanceof DeliveryException de ? de.code() : ((PrintingException) e).code();
        if (status == 404) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        }
        response.setStatus(status);
        model.addAttribute("errorCode", code);
        model.addAttribute("errorDetail", e.getMessage());
        if (e instanceof DeliveryException de && de.remainingAttempts() >= 0) {
            model.addAttribute("remainingAttempts", de.remainingAttempts());
        }
        return delivery(id, null, model);
    }

    private static void requireConfirmation(boolean confirm) {
        if (!confirm) {
            throw new DeliveryException(
                    400, "delivery.confirmation-required", "Tick the confirmation box to go ahead.");
        }
    }

    private void tellSender(SignedInUser me, long id) {
        DeliveryView d = reading.status(me, id);
        String data = LiveUpdates.data("changed", d.documentId(), id, null, clock.instant());
        live.publish(d.senderUnit(), LiveUpdates.DELIVERY_CHANGED, data);
        live.publish(d.unitCode(), LiveUpdates.INBOX_CHANGED, data);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static java.time.Instant day(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip()).atStartOfDay(CHINA).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new DeliveryException(400, "delivery.bad-date", "A date is written as 2026-11-27.");
        }
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow(() -> new ResponseStatusException(HttpStatus.UNAUTHORIZED));
    }
}
