package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.sealpost.server.unit.UnitException.FieldViolation;

class RosterLineTest {

    @Test
    void aCompleteEntryIsValid() {
        var entry = new RosterEntry(null, RosterDuty.OPERATOR_A, " 张三 ", "文书", "0571-87654321", "13812341234");
        assertThat(entry.violations("")).isEmpty();
        assertThat(entry.name()).isEqualTo("张三");
    }

    @Test
    void invalidPhonesAndBlankNameAreNamedByField() {
        var entry = new RosterEntry(null, RosterDuty.OPERATOR_A, "  ", null, "87654321", "1381234");
        assertThat(entry.violations("entries[0]."))
                .containsExactly(
                        new FieldViolation("entries[0].name", "unit.validation.required"),
                        new FieldViolation("entries[0].officePhone", "roster.validation.office-phone"),
                        new FieldViolation("entries[0].mobile", "roster.validation.mobile"));
    }

    @Test
    void aPersonNeedsAtLeastOnePhone() {
        var entry = new RosterEntry(null, RosterDuty.TECHNICIAN, "李四", null, "", null);
        assertThat(entry.violations(""))
                .containsExactly(new FieldViolation("mobile", "roster.validation.phone-required"));
    }

    @Test
    void anSmsRecipientNeedsAMobile() {
        var contact = new Contact(null, ContactRole.OPERATOR, "王五", null, "0571-87654321", null, true, false);
        assertThat(contact.violations(""))
                .containsExactly(new FieldViolation("mobile", "contact.validation.sms-needs-mobile"));
    }

    @Test
    void maskingHidesBothPhones() {
        var contact = new Contact(1L, ContactRole.OPERATOR, "王五", null, "0571-87654321", "13812341234", true, true);
        assertThat(contact.masked().mobile()).isEqualTo("138****1234");
        assertThat(contact.masked().officePhone()).isEqualTo("0571-****4321");
    }

    @Test
    void demoPeopleAreDeterministicAndValid() {
        var first = new DemoRosters("HZB");
        var again = new DemoRosters("HZB");
        assertThat(first.roster()).isEqualTo(again.roster());
        assertThat(first.contacts()).isEqualTo(again.contacts());
        for (String code : new String[] {"HZB", "WZB", "ZJBRC", "ICBC-PB-HZ"}) {
            var people = new DemoRosters(code);
            people.roster().forEach(e -> assertThat(e.violations("")).isEmpty());
            people.contacts().forEach(c -> assertThat(c.violations("")).isEmpty());
        }
    }
}
