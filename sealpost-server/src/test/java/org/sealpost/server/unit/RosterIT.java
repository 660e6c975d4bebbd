package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.UsePostgres;
import org.sealpost.server.unit.UpdatingRoster.ConfirmRoster;
import org.sealpost.server.unit.UpdatingRoster.RemoveContact;
import org.sealpost.server.unit.UpdatingRoster.RemoveRosterEntry;
import org.sealpost.server.unit.UpdatingRoster.ReplaceRoster;
import org.sealpost.server.unit.UpdatingRoster.SaveContact;
import org.sealpost.server.unit.UpdatingRoster.SaveRosterEntry;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/** Roster and contacts: who may change them, validation, the change log, masking, overdue confirmations. */
class RosterIT {

    @Transactional
    abstract static class Behaviour {
        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        UnitDirectory units;

        @Autowired
        ViewingRoster viewing;

        @Autowired
        UpdatingRoster updating;

        @Autowired
        MutableClock clock;

        UnitFixtures fixtures;

        @BeforeEach
        void setUp() {
            fixtures = new UnitFixtures(units);
            clock.reset();
        }

        private List<Map<String, Object>> rows(String unitCode) {
            return jdbc.queryForList(
                    "SELECT r.* FROM roster_entry r JOIN unit u ON u.id = r.unit_id WHERE u.code = ? ORDER BY r.id",
                    unitCode);
        }

        private List<Map<String, Object>> contactRows(String unitCode) {
            return jdbc.queryForList(
                    "SELECT c.* FROM unit_contact c JOIN unit u ON u.id = c.unit_id WHERE u.code = ? ORDER BY c.id",
                    unitCode);
        }

        private static RosterEntry operator(String name, String mobile) {
            return new RosterEntry(null, RosterDuty.OPERATOR_A, name, "文书", "0571-87654321", mobile);
        }

        @Test
        void unitAdminAddsAPersonAndTheChangeLogSaysWhoWhenWhat() {
            var admin = fixtures.unitAdmin("HZB");
            clock.advance(Duration.ofHours(1));
            updating.save(new SaveRosterEntry("HZB", operator("张新", "13812341234"), admin));

            assertThat(viewing.view("HZB", admin).entries())
                    .extracting(RosterEntry::name)
                    .contains("张新");
            RosterChange change = viewing.changes("HZB", admin).get(0);
            assertThat(change.actor()).isEqualTo(admin.username());
            assertThat(change.actorUnitCode()).isEqualTo("HZB");
            assertThat(change.occurredAt()).isEqualTo(MutableClock.START.plus(Duration.ofHours(1)));
            assertThat(change.subject()).isEqualTo(RosterChange.Subject.ROSTER);
            assertThat(change.change()).isEqualTo(RosterChange.Change.ADDED);
            assertThat(change.before()).isNull();
            assertThat(change.after()).isEqualTo("操作员A 张新（文书） 办公 0571-87654321 手机 13812341234");
        }

        @Test
        void changingAPhoneLogsTheRowBeforeAndAfter() {
            var admin = fixtures.unitAdmin("HZB");
            RosterEntry first = viewing.view("HZB", admin).entries().get(0);
            updating.save(new SaveRosterEntry(
                    "HZB",
                    new RosterEntry(
                            first.id(), first.duty(), first.name(), first.title(), first.officePhone(), "13900000000"),
                    admin));

            RosterChange change = viewing.changes("HZB", admin).get(0);
            assertThat(change.change()).isEqualTo(RosterChange.Change.UPDATED);
            assertThat(change.before()).contains(first.mobile()).doesNotContain("13900000000");
            assertThat(change.after()).contains("13900000000");
        }

        @Test
        void savingWithoutAnyDifferenceLogsNothing() {
            var admin = fixtures.unitAdmin("HZB");
            RosterEntry first = viewing.view("HZB", admin).entries().get(0);
            updating.save(new SaveRosterEntry("HZB", first, admin));
            assertThat(viewing.changes("HZB", admin)).isEmpty();
        }

        @Test
        void officeEditsAnyUnitsContactsAndUnitSeesItInItsLog() {
            var office = fixtures.officeStaff();
            Contact secretary = viewing.view("WZB", office).contacts().get(2);
            updating.remove(new RemoveContact("WZB", secretary.id(), office));
            updating.save(new SaveContact(
                    "WZB",
                    new Contact(null, ContactRole.CONFIDENTIAL_SECRETARY, "钱秘书", null, null, "13700001111", true, true),
                    office));

            List<RosterChange> log = viewing.changes("WZB", fixtures.unitAdmin("WZB"));
            assertThat(log)
                    .extracting(RosterChange::change)
                    .containsExactly(RosterChange.Change.ADDED, RosterChange.Change.REMOVED);
            assertThat(log).allMatch(c -> c.actorUnitCode().equals(UnitFixtures.OFFICE));
            assertThat(log.get(1).before()).contains(secretary.name());
        }

        @Test
        void settingAContactsEmailStoresItFeedsEmailContactsAndLogsItBeforeAndAfter() {
            var admin = fixtures.unitAdmin("HZB");
            Contact secretary = viewing.view("HZB", admin).contacts().get(2);
            assertThat(secretary.email()).isNull();
            clock.advance(Duration.ofMinutes(5));

            updating.save(new SaveContact("HZB", withEmail(secretary, "  jiyao.mishu+hzb@hzb.example  "), admin));

            Contact saved = viewing.view("HZB", admin).contacts().get(2);
            assertThat(saved.id()).isEqualTo(secretary.id());
            assertThat(saved.email()).isEqualTo("jiyao.mishu+hzb@hzb.example");
            assertThat(contactRows("HZB"))
                    .filteredOn(r -> ((Number) r.get("id")).longValue() == secretary.id())
                    .extracting(r -> r.get("email"))
                    .containsExactly("jiyao.mishu+hzb@hzb.example");
            assertThat(units.emailContacts("HZB"))
                    .contains(new EmailContact(secretary.name(), "jiyao.mishu+hzb@hzb.example"));

            RosterChange change = viewing.changes("HZB", admin).get(0);
            assertThat(change.subject()).isEqualTo(RosterChange.Subject.CONTACTS);
            assertThat(change.change()).isEqualTo(RosterChange.Change.UPDATED);
            assertThat(change.actor()).isEqualTo(admin.username());
            assertThat(change.occurredAt()).isEqualTo(MutableClock.START.plus(Duration.ofMinutes(5)));
            assertThat(change.before()).isEqualTo(secretary.summary()).doesNotContain("邮箱");
            assertThat(change.after()).isEqualTo(saved.summary()).endsWith("邮箱 jiyao.mishu+hzb@hzb.example [会议]");

            // changed again, then removed: each logged with the address before and after
            updating.save(new SaveContact("HZB", withEmail(saved, "mishu@hzb.example"), admin));
            updating.save(new SaveContact("HZB", withEmail(saved, null), admin));
            List<RosterChange> log = viewing.changes("HZB", admin);
            assertThat(log.get(1).before()).contains("邮箱 jiyao.mishu+hzb@hzb.example");
            assertThat(log.get(1).after()).contains("邮箱 mishu@hzb.example");
            assertThat(log.get(0).before()).contains("邮箱 mishu@hzb.example");
            assertThat(log.get(0).after()).doesNotContain("邮箱");
            assertThat(viewing.view("HZB", admin).contacts().get(2).email()).isNull();
            assertThat(units.emailContacts("HZB"))
                    .extracting(EmailContact::name)
                    .doesNotContain(secretary.name());
        }

        @Test
        void aMalformedOrOverlongEmailIsRefusedWithTheFieldNamedAndNothingStored() {
            var admin = fixtures.unitAdmin("HZB");
            Contact operator = viewing.view("HZB", admin).contacts().get(0);
            var before = contactRows("HZB");
            for (String bad : List.of(
                    "operator",
                    "operator@hzb",
                    "operator@@hzb.example",
                    "张三@hzb.example",
                    "a b@hzb.example",
                    "x@hzb.example\r\nBcc: all@hzb.example",
                    "a@hzb.example, b@hzb.example")) {
                assertThatThrownBy(() -> updating.save(new SaveContact("HZB", withEmail(operator, bad), admin)))
                        .as(bad)
                        .isInstanceOfSatisfying(
                                UnitException.InvalidInput.class,
                                e -> assertThat(e.violations())
                                        .containsExactly(
                                                new UnitException.FieldViolation("email", "contact.validation.email")));
            }
            String overlong =
                    "a".repeat(64) + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(59) + ".cn";
            assertThat(overlong).hasSize(255);
            assertThatThrownBy(() -> updating.save(new SaveContact("HZB", withEmail(operator, overlong), admin)))
                    .isInstanceOfSatisfying(
                            UnitException.InvalidInput.class,
                            e -> assertThat(e.violations())
                                    .containsExactly(new UnitException.FieldViolation(
                                            "email", "contact.validation.email-too-long")));
            assertThatThrownBy(() -> updating.replace(new UpdatingRoster.ReplaceContacts(
                            "HZB", List.of(operator, withEmail(operator, "nope")), admin)))
                    .isInstanceOfSatisfying(
                            UnitException.InvalidInput.class,
                            e -> assertThat(e.violations())
                                    .extracting(UnitException.FieldViolation::field)
                                    .containsExactly("contacts[1].email"));

            assertThat(contactRows("HZB")).isEqualTo(before);
            assertThat(viewing.changes("HZB", admin)).isEmpty();

            // exactly 254 characters is the limit, and it is stored whole
            String longest = overlong.substring(1);
            updating.save(new SaveContact("HZB", withEmail(operator, longest), admin));
            assertThat(viewing.view("HZB", admin).contacts().get(0).email()).isEqualTo(longest);
        }

        private static Contact withEmail(Contact c, String email) {
            return new Contact(
                    c.id(),
                    c.role(),
                    c.name(),
                    c.title(),
                    c.officePhone(),
                    c.mobile(),
                    email,
                    c.receivesSms(),
                    c.meetingContact());
        }

        @Test
        void anInvalidMobileIsRefusedWithTheFieldNamedAndNothingStored() {
            var admin = fixtures.unitAdmin("HZB");
            var before = rows("HZB");
            assertThatThrownBy(() -> updating.save(new SaveRosterEntry("HZB", operator("张新", "1381234"), admin)))
                    .isInstanceOfSatisfying(
                            UnitException.InvalidInput.class,
                            e -> assertThat(e.violations())
                                    .containsExactly(
                                            new UnitException.FieldViolation("mobile", "roster.validation.mobile")));
            assertThat(rows("HZB")).isEqualTo(before);
            assertThat(viewing.changes("HZB", admin)).isEmpty();
        }

        @Test
        void aWholeRosterReplacementNamesBadRowsByIndex() {
            var admin = fixtures.unitAdmin("HZB");
            assertThatThrownBy(() -> updating.replace(new ReplaceRoster(
                            "HZB", List.of(operator("甲", "13812341234"), operator("", "0571-1")), admin)))
                    .isInstanceOfSatisfying(
                            UnitException.InvalidInput.class,
                            e -> assertThat(e.violations())
                                    .extracting(UnitException.FieldViolation::field)
                                    .containsExactly("entries[1].name", "entries[1].mobile"));
        }

        @Test
        void anotherUnitsAdminCannotReadChangeOrRemoveItsRosterOrContacts() {
            var intruder = fixtures.unitAdmin("HZB");
            var victim = fixtures.unitAdmin("WZB");
            var roster = rows("WZB");
            var contacts = contactRows("WZB");
            long victimRow = viewing.view("WZB", victim).entries().get(0).id();
            long victimContact = viewing.view("WZB", victim).contacts().get(0).id();

            assertThatThrownBy(() -> viewing.view("WZB", intruder)).isInstanceOf(UnitException.UnitNotFound.class);
            assertThatThrownBy(() -> viewing.changes("WZB", intruder)).isInstanceOf(UnitException.UnitNotFound.class);
            assertThatThrownBy(() ->
                            updating.replace(new ReplaceRoster("WZB", List.of(operator("X", "13812341234")), intruder)))
                    .isInstanceOf(UnitException.UnitNotFound.class);
            assertThatThrownBy(() -> updating.remove(new RemoveRosterEntry("WZB", victimRow, intruder)))
                    .isInstanceOf(UnitException.UnitNotFound.class);
            assertThatThrownBy(() -> updating.confirm(new ConfirmRoster("WZB", intruder)))
                    .isInstanceOf(UnitException.UnitNotFound.class);
            // another unit's row id, addressed through one's own unit, is just "no such row"
            assertThatThrownBy(() -> updating.remove(new RemoveRosterEntry("HZB", victimRow, intruder)))
                    .isInstanceOf(UnitException.RowNotFound.class);
            assertThatThrownBy(() -> updating.remove(new RemoveContact("HZB", victimContact, intruder)))
                    .isInstanceOf(UnitException.RowNotFound.class);
            assertThatThrownBy(() -> updating.save(new SaveRosterEntry(
                            "HZB",
                            new RosterEntry(victimRow, RosterDuty.OPERATOR_A, "X", null, null, "13812341234"),
                            intruder)))
                    .isInstanceOf(UnitException.RowNotFound.class);

            assertThat(rows("WZB")).isEqualTo(roster);
            assertThat(contactRows("WZB")).isEqualTo(contacts);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM roster_change", Integer.class))
                    .isZero();
        }

        @Test
        void operatorsReadTheirRosterButCannotChangeIt() {
            var operator = fixtures.user("HZB", Role.OPERATOR_A);
            assertThat(viewing.view("HZB", operator).editable()).isFalse();
            assertThatThrownBy(() -> updating.replace(new ReplaceRoster("HZB", List.of(), operator)))
                    .isInstanceOfSatisfying(
                            UnitException.AccessRefused.class,
                            e -> assertThat(e.messageKey()).isEqualTo("roster.refused.edit"));
        }

        @Test
        void phonesAreMaskedForRegulatorDepartmentsButNotForTheUnitOrTheOffice() {
            String fullMobile = viewing.view("HZB", fixtures.unitAdmin("HZB"))
                    .entries()
                    .get(0)
                    .mobile();
            assertThat(fullMobile).matches("1[3-9]\\d{9}");
            assertThat(viewing.view("HZB", fixtures.officeStaff())
                            .entries()
                            .get(0)
                            .mobile())
                    .isEqualTo(fullMobile);

            Roster masked = viewing.view("HZB", fixtures.user(UnitFixtures.DEPT, Role.DEPT_STAFF));
            assertThat(masked.phonesMasked()).isTrue();
            assertThat(masked.entries().get(0).mobile())
                    .isEqualTo(PhoneNumbers.mask(fullMobile))
                    .contains("****");
            assertThat(masked.entries())
                    .allSatisfy(e -> assertThat(e.officePhone()).contains("****"));
            assertThat(masked.contacts()).allSatisfy(c -> assertThat(c.mobile()).contains("****"));

            // e-mail addresses too (D02): o***@hzb.example for departments, in full for the unit and the office
            String fullEmail = viewing.view("HZB", fixtures.unitAdmin("HZB"))
                    .contacts()
                    .get(0)
                    .email();
            assertThat(fullEmail).isEqualTo("operator@hzb.example");
            assertThat(viewing.view("HZB", fixtures.officeStaff())
                            .contacts()
                            .get(0)
                            .email())
                    .isEqualTo(fullEmail);
            assertThat(masked.contacts().get(0).email()).isEqualTo("o***@hzb.example");
            assertThat(masked.contacts())
                    .extracting(Contact::email)
                    .allSatisfy(e -> assertThat(e == null || e.contains("***")).isTrue())
                    .doesNotContain(fullEmail);
        }

        @Test
        void unitAdminConfirmsTheRosterAndItIsNoLongerOverdue() {
            var office = fixtures.officeStaff();
            clock.advance(Duration.ofDays(200));
            assertThat(UnitFixtures.<List<StaleRoster>>as(office, viewing::stale))
                    .extracting(s -> s.unit().code())
                    .contains("HZB");

            updating.confirm(new ConfirmRoster("HZB", fixtures.unitAdmin("HZB")));

            assertThat(viewing.view("HZB", office).confirmedAt()).isEqualTo(clock.instant());
            assertThat(viewing.view("HZB", office).stale()).isFalse();
            assertThat(UnitFixtures.<List<StaleRoster>>as(office, viewing::stale))
                    .extracting(s -> s.unit().code())
                    .doesNotContain("HZB");
            assertThat(viewing.changes("HZB", office).get(0).change()).isEqualTo(RosterChange.Change.CONFIRMED);
        }

        @Test
        void onlyTheUnitAdminConfirms() {
            assertThatThrownBy(() -> updating.confirm(new ConfirmRoster("HZB", fixtures.officeStaff())))
                    .isInstanceOf(UnitException.AccessRefused.class);
            assertThatThrownBy(() -> updating.confirm(new ConfirmRoster("HZB", fixtures.user("HZB", Role.OPERATOR_A))))
                    .isInstanceOf(UnitException.AccessRefused.class);
        }

        @Test
        void rostersBecomeOverdueNinetyDaysAfterTheirConfirmation() {
            var office = fixtures.officeStaff();
            updating.confirm(new ConfirmRoster("HZB", fixtures.unitAdmin("HZB")));

            List<StaleRoster> demoStale = UnitFixtures.as(office, viewing::stale);
            assertThat(demoStale).isNotEmpty().extracting(s -> s.unit().code()).doesNotContain("HZB");
            assertThat(demoStale.get(0).confirmedAt()).isNull();

            clock.advance(Duration.ofDays(90));
            assertThat(UnitFixtures.<List<StaleRoster>>as(office, viewing::stale))
                    .extracting(s -> s.unit().code())
                    .doesNotContain("HZB");
            clock.advance(Duration.ofSeconds(1));
            assertThat(UnitFixtures.<List<StaleRoster>>as(office, viewing::stale))
                    .extracting(s -> s.unit().code())
                    .contains("HZB");
        }
    }

    @Nested
    @UnitSpringTest
    class OnH2 extends Behaviour {}

    @Nested
    @UnitSpringTest
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
