package org.sealpost.server.unit.api;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.sealpost.server.unit.Contact;
import org.sealpost.server.unit.ContactRole;
import org.sealpost.server.unit.RecipientGroup;
import org.sealpost.server.unit.Roster;
import org.sealpost.server.unit.RosterChange;
import org.sealpost.server.unit.RosterDuty;
import org.sealpost.server.unit.RosterEntry;
import org.sealpost.server.unit.StaleRoster;
import org.sealpost.server.unit.UnitRef;

/**
 * The JSON shapes of the units API. Request bodies carry only the fields a client may set: no
 * unit, code or id, so a body can never move a row to another unit (C03); unknown fields are
 * ignored.
 */
final class ApiJson {

    private ApiJson() {}

    static boolean english(Locale locale) {
        return Locale.ENGLISH.getLanguage().equals(locale.getLanguage());
    }

    @Schema(description = "A unit (使用单位)")
    record UnitJson(
            @Schema(example = "HZB", description = "the unit's code, the key the CLI and API use")
            String code,

            @Schema(example = "杭州银行") String name,
            @Schema(example = "CITY_COMMERCIAL_BANK") String category,
            @Schema(example = "城市商业银行") String categoryName) {
        static UnitJson of(UnitRef unit, Locale locale) {
            return new UnitJson(
                    unit.code(),
                    unit.name(),
                    unit.category().name(),
                    english(locale) ? unit.category().nameEn() : unit.category().nameZh());
        }
    }

    @Schema(description = "A recipient group (发送范围): a category group kept by the system, or a custom group")
    record GroupJson(
            @Schema(example = "CITY_COMMERCIAL_BANK") String code,
            String name,
            String nameEn,

            @Schema(allowableValues = {"CATEGORY", "CUSTOM"})
            String kind,

            @Schema(description = "the category of a CATEGORY group")
            String category,

            String description,

            @Schema(description = "codes of the active member units")
            List<String> units) {
        static GroupJson of(RecipientGroup group) {
            return new GroupJson(
                    group.code(),
                    group.name(),
                    group.nameEn(),
                    group.kind().name(),
                    group.category() == null ? null : group.category().name(),
                    group.description(),
                    group.units().stream().map(UnitRef::code).toList());
        }
    }

    @Schema(
            description =
                    "One person on the roster (人员备案). Phones are masked (138****1234) for viewers outside the unit and the regulator office.")
    record EntryJson(
            Long id, RosterDuty duty, String dutyName, String name, String title, String officePhone, String mobile) {
        static EntryJson of(RosterEntry e) {
            return new EntryJson(e.id(), e.duty(), e.duty().nameZh(), e.name(), e.title(), e.officePhone(), e.mobile());
        }
    }

    record RosterJson(
            String unit,

            @Schema(description = "when the unit admin last confirmed the roster; null: never")
            Instant confirmedAt,

            @Schema(description = "true when not confirmed within sealpost.roster.stale-after")
            boolean stale,

            boolean phonesMasked,
            List<EntryJson> entries) {
        static RosterJson of(Roster r) {
            return new RosterJson(
                    r.unit().code(),
                    r.confirmedAt(),
                    r.stale(),
                    r.phonesMasked(),
                    r.entries().stream().map(EntryJson::of).toList());
        }
    }

    @Schema(
            description =
                    "A contact (会议报名联系人 / 短信接收人). Phones and e-mail are masked (138****1234, w***@example.cn) for viewers outside the unit and the regulator office.")
    record ContactJson(
            Long id,
            ContactRole role,
            String roleName,
            String name,
            String title,
            String officePhone,
            String mobile,

            @Schema(
                    example = "office@example.cn",
                    description = "receives the unit's document notifications by e-mail; null: none")
            String email,

            boolean receivesSms,
            boolean meetingContact) {
        static ContactJson of(Contact c) {
            return new ContactJson(
                    c.id(),
                    c.role(),
                    c.role().nameZh(),
                    c.name(),
                    c.title(),
                    c.officePhone(),
                    c.mobile(),
                    c.email(),
                    c.receivesSms(),
                    c.meetingContact());
        }
    }

    record ContactsJson(String unit, boolean phonesMasked, List<ContactJson> contacts) {
        static ContactsJson of(Roster r) {
            return new ContactsJson(
                    r.unit().code(),
                    r.phonesMasked(),
                    r.contacts().stream().map(ContactJson::of).toList());
        }
    }

    @Schema(
            description =
                    "A roster entry to file. Mobile: 11-digit mainland number; office phone: 0571-87654321 or a mobile; at least one of the two.")
    record EntryInput(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            RosterDuty duty,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "张伟")
            String name,

            @Schema(example = "办公室主任") String title,
            @Schema(example = "0571-87654321") String officePhone,
            @Schema(example = "13812341234") String mobile) {
        RosterEntry toEntry() {
            return new RosterEntry(null, duty, name, title, officePhone, mobile);
        }
    }

    @Schema(description = "The whole roster; it replaces the unit's current roster")
    record RosterInput(List<EntryInput> entries) {}

    @Schema(
            description =
                    "A contact to file. A contact who receives SMS needs a mobile; one with an e-mail address receives the unit's document notifications by e-mail.")
    record ContactInput(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            ContactRole role,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String name,

            String title,
            String officePhone,
            String mobile,

            @Schema(
                    example = "office@example.cn",
                    maxLength = 254,
                    description = "optional; name@domain (ASCII), at most 254 characters;"
                            + " otherwise 400 with errors[].field contacts[i].email")
            String email,

            @Schema(description = "receives SMS alerts (短信接收人); default false")
            Boolean receivesSms,

            @Schema(description = "receives meeting notices (会议报名联系人); default false")
            Boolean meetingContact) {
        Contact toContact() {
            return new Contact(
                    null,
                    role,
                    name,
                    title,
                    officePhone,
                    mobile,
                    email,
                    Boolean.TRUE.equals(receivesSms),
                    Boolean.TRUE.equals(meetingContact));
        }
    }

    @Schema(description = "All contacts; they replace the unit's current contacts")
    record ContactsInput(List<ContactInput> contacts) {}

    record ChangeJson(
            Instant occurredAt,
            String actor,
            String actorUnit,
            RosterChange.Subject subject,
            RosterChange.Change change,
            String before,
            String after) {
        static ChangeJson of(RosterChange c) {
            return new ChangeJson(
                    c.occurredAt(), c.actor(), c.actorUnitCode(), c.subject(), c.change(), c.before(), c.after());
        }
    }

    record StaleJson(String code, String name, String category, Instant confirmedAt) {
        static StaleJson of(StaleRoster s) {
            return new StaleJson(
                    s.unit().code(), s.unit().name(), s.unit().category().name(), s.confirmedAt());
        }
    }
}
