package org.sealpost.server.register.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.register.RegisterAccessPolicy;
import org.sealpost.server.register.RegisterFilter;
import org.sealpost.server.register.RegisterRefused;
import org.sealpost.server.register.RegisterState;
import org.sealpost.server.register.Registers;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.context.MessageSource;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;

/**
 * Register pages: the received and sent registers with the search form, a print view (print CSS,
 * up to {@link Registers#MAX_PAGE} rows) and CSV/XLSX export of everything the search selects.
 */
@Controller
class RegisterController {

    static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.of("Asia/Shanghai"));

    private final Registers registers;
    private final UnitDirectory units;
    private final MessageSource messages;

    RegisterController(Registers registers, UnitDirectory units, MessageSource messages) {
        this.registers = registers;
        this.units = units;
        this.messages = messages;
    }

    @GetMapping("/registers")
    String index() {
        return "redirect:/registers/received";
    }

    @GetMapping({"/registers/{kind}", "/registers/{kind}/print"})
    String page(
            @PathVariable String kind,
            @RequestParam(required = false) String unit,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String counterpart,
            @RequestParam(required = false) String state,
            @RequestParam(defaultValue = "0") int offset,
            @RequestParam(defaultValue = "50") int size,
            jakarta.servlet.http.HttpServletRequest request,
            Model model) {
        Registers.Kind k = kind(kind);
        boolean print = request.getRequestURI().endsWith("/print");
        SignedInUser me = me();
        RegisterFilter filter =
                registers.authorise(me, new RegisterFilter(unit, from, to, type, number, title, counterpart, state));
        int limit = print ? Registers.MAX_PAGE : Math.max(1, Math.min(size, 200));
        model.addAttribute("kind", kind);
        model.addAttribute("print", print);
        model.addAttribute("filter", filter);
        model.addAttribute("office", RegisterAccessPolicy.seesAllUnits(me));
        model.addAttribute("units", RegisterAccessPolicy.seesAllUnits(me) ? units.all() : List.of());
        model.addAttribute(
                "states", k == Registers.Kind.SENT ? RegisterState.DOCUMENT_STATES : RegisterState.DELIVERY_STATES);
        model.addAttribute(
                "page",
                k == Registers.Kind.SENT
                        ? registers.sent(me, filter, offset, limit)
                        : registers.received(me, filter, offset, limit));
        model.addAttribute("minute", MINUTE);
        model.addAttribute("query", request.getQueryString() == null ? "" : request.getQueryString());
        return "register/" + kind;
    }

    @GetMapping("/registers/{kind}/export")
    void export(
            @PathVariable String kind,
            @RequestParam(defaultValue = "xlsx") String format,
            @RequestParam(required = false) String unit,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
            @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
            @RequestParam(required = false) String type,
            @RequestParam(required = false) String number,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String counterpart,
            @RequestParam(required = false) String state,
            Locale locale,
            HttpServletResponse response)
            throws IOException {
        Registers.Kind k = kind(kind);
        Registers.Format f;
        try {
            f = Registers.Format.valueOf(format.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "format must be csv or xlsx");
        }
        Registers.RegisterExport export = registers.export(
                me(), k, new RegisterFilter(unit, from, to, type, number, title, counterpart, state), f);
        List<String> titles = (k == Registers.Kind.SENT ? Registers.SENT_TITLES : Registers.RECEIVED_TITLES)
                .stream()
                        .map(key -> messages.getMessage(key, null, key, locale))
                        .toList();
        response.setContentType(f.mediaType());
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename("register-" + kind + "." + f.extension())
                        .build()
                        .toString());
        export.writeTo(titles, response.getOutputStream());
        response.flushBuffer();
    }

    @ExceptionHandler(RegisterRefused.class)
    void refused(RegisterRefused e, HttpServletResponse response) throws IOException {
        response.sendError(
                switch (e.kind()) {
                    case NOT_FOUND -> HttpStatus.NOT_FOUND.value();
                    case FORBIDDEN -> HttpStatus.FORBIDDEN.value();
                    case INVALID -> HttpStatus.BAD_REQUEST.value();
                });
    }

    private static Registers.Kind kind(String kind) {
        return switch (kind) {
            case "sent" -> Registers.Kind.SENT;
            case "received" -> Registers.Kind.RECEIVED;
            default -> throw new ResponseStatusException(HttpStatus.NOT_FOUND);
        };
    }

    private static SignedInUser me() {
        return SignedInUser.current().orElseThrow();
    }
}
