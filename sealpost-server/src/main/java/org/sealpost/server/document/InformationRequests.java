package org.sealpost.server.document;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitException;
import org.sealpost.server.unit.UnitRef;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;

/**
 * 调研 / 信息报送 requests (第十一条): a department opens one, naming the units asked and a deadline;
 * those units may then send informal material to that department, in answer to it and only then.
 */
@Service
public class InformationRequests {

    public enum Kind {
        SURVEY,
        REPORTING
    }

    public record OpenRequest(String kind, String title, Instant deadline, List<String> units) {}

    public record Request(
            long id,
            String unitCode,
            Kind kind,
            String title,
            Instant deadline,
            String openedBy,
            Instant openedAt,
            Instant closedAt,
            List<String> units) {}

    private final DocumentStore store;
    private final UnitDirectory units;

    InformationRequests(DocumentStore store, UnitDirectory units) {
        this.store = store;
        this.units = units;
    }

    /** A department's staff or head opens a request to the units (codes, groups or categories) asked. */
    public Request open(SignedInUser actor, OpenRequest command) {
        return store.audited(actor, "INFORMATION_REQUEST_OPENED", null, () -> {
            UnitRef unit = units.findByCode(actor.unitCode()).orElseThrow(DocumentException::notFound);
            if (unit.category() != UnitCategory.REGULATOR_DEPT || !actor.hasAny(Role.DEPT_STAFF, Role.DEPT_HEAD)) {
                throw DocumentException.forbidden("Only a department's staff or head opens an information request.");
            }
            Kind kind;
            try {
                kind = Kind.valueOf(
                        command.kind() == null ? "" : command.kind().trim().toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw DocumentException.invalid("bad-request-kind", "A request is a SURVEY (调研) or REPORTING (信息报送).");
            }
            if (command.title() == null
                    || command.title().isBlank()
                    || command.title().length() > 500) {
                throw DocumentException.invalid("bad-title", "A title has 1 to 500 characters.");
            }
            if (command.deadline() == null
                    || !command.deadline().isAfter(store.clock().instant())) {
                throw DocumentException.invalid("bad-deadline", "The deadline must be in the future.");
            }
            if (command.units() == null || command.units().isEmpty()) {
                throw DocumentException.invalid("empty-scope", "Name the units asked.");
            }
            List<UnitRef> asked;
            try {
                asked = units.resolve(command.units());
            } catch (UnitException.UnknownRecipient e) {
                throw DocumentException.invalid("unknown-recipient", "Unknown recipient in " + command.units() + ".");
            }
            GeneratedKeyHolder keys = new GeneratedKeyHolder();
            OffsetDateTime now = store.now();
            store.jdbc()
                    .update(
                            con -> {
                                var ps = con.prepareStatement(
                                        "INSERT INTO information_request (unit_code, kind, title, deadline, opened_by, opened_at)"
                                                + " VALUES (?, ?, ?, ?, ?, ?)",
                                        new String[] {"id"});
                                ps.setString(1, actor.unitCode());
                                ps.setString(2, kind.name());
                                ps.setString(3, command.title().strip());
                                ps.setObject(4, OffsetDateTime.ofInstant(command.deadline(), java.time.ZoneOffset.UTC));
                                ps.setString(5, actor.username());
                                ps.setObject(6, now);
                                return ps;
                            },
                            keys);
            long id = keys.getKey().longValue();
            for (UnitRef u : asked) {
                if (!u.code().equals(actor.unitCode())) {
                    store.jdbc()
                            .update(
                                    "INSERT INTO information_request_unit (request_id, unit_code) VALUES (?, ?)",
                                    id,
                                    u.code());
                }
            }
            return find(id).orElseThrow();
        });
    }

    /** Requests the actor's department opened, or that ask the actor's unit. */
    public List<Request> visibleTo(SignedInUser actor) {
        store.requireUsage(actor);
        List<Long> ids = store.jdbc()
                .queryForList(
                        "SELECT id FROM information_request r WHERE r.unit_code = ? OR EXISTS (SELECT 1 FROM"
                                + " information_request_unit u WHERE u.request_id = r.id AND u.unit_code = ?) ORDER BY id DESC",
                        Long.class,
                        actor.unitCode(),
                        actor.unitCode());
        return ids.stream().map(i -> find(i).orElseThrow()).toList();
    }

    public Request view(SignedInUser actor, long id) {
        store.requireUsage(actor);
        Request request = find(id).orElseThrow(DocumentException::notFound);
        if (!request.unitCode().equals(actor.unitCode()) && !request.units().contains(actor.unitCode())) {
            throw DocumentException.notFound();
        }
        return request;
    }

    /** A document sent in answer to a request. */
    public record Answer(String documentId, String unitCode, String unitName, String title, Instant sentAt) {}

    /**
     * The documents sent in answer to a request, oldest first; only for the unit that opened it.
     *
     * @throws DocumentException 404 for a request the actor may not see, 403 for an asked unit
     */
    public List<Answer> answers(SignedInUser actor, long id) {
        Request request = view(actor, id);
        if (!request.unitCode().equals(actor.unitCode())) {
            throw DocumentException.forbidden("Only the unit that opened request " + id + " sees its answers.");
        }
        return store.jdbc()
                .query(
                        "SELECT d.id, d.sender_unit, u.name, d.title, d.sent_at FROM document d"
                                + " LEFT JOIN unit u ON u.code = d.sender_unit"
                                + " WHERE d.request_id = ? AND d.state = 'SENT' ORDER BY d.sent_at",
                        (rs, n) -> new Answer(
                                rs.getString(1),
                                rs.getString(2),
                                rs.getString(3),
                                rs.getString(4),
                                rs.getObject(5, java.time.OffsetDateTime.class) == null
                                        ? null
                                        : rs.getObject(5, java.time.OffsetDateTime.class)
                                                .toInstant()),
                        id);
    }

    /**
     * The request the actor's unit may answer: it exists, asks this unit and is open; otherwise a
     * refusal with the reason.
     */
    Request answerable(SignedInUser actor, long id) {
        Request request = find(id).orElseThrow(() ->
                DocumentException.invalid("request-required", "There is no information request " + id + "."));
        if (!request.units().contains(actor.unitCode())) {
            throw DocumentException.forbidden("Request " + id
                    + " does not ask your unit: informal material goes only in answer to a request that names you.");
        }
        if (request.closedAt() != null) {
            throw DocumentException.conflict("request-closed", "Request " + id + " is closed.");
        }
        return request;
    }

    java.util.Optional<Request> find(long id) {
        return store
                .jdbc()
                .query(
                        "SELECT id, unit_code, kind, title, deadline, opened_by, opened_at, closed_at FROM information_request WHERE id = ?",
                        (rs, n) -> new Request(
                                rs.getLong(1),
                                rs.getString(2),
                                Kind.valueOf(rs.getString(3)),
                                rs.getString(4),
                                DocumentStore.instant(rs, "deadline"),
                                rs.getString(6),
                                DocumentStore.instant(rs, "opened_at"),
                                DocumentStore.instant(rs, "closed_at"),
                                store.jdbc()
                                        .queryForList(
                                                "SELECT unit_code FROM information_request_unit WHERE request_id = ? ORDER BY unit_code",
                                                String.class,
                                                rs.getLong(1))),
                        id)
                .stream()
                .findFirst();
    }
}
