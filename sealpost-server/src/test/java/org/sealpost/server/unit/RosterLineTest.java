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
    void aContactsEmailIsCheckedForSyntaxAndLength() {
        var good = new Contact(
                null, ContactRole.OPERATOR, "王五", null, null, "13812341234", " wangwu@hzb.example ", true, false);
        assertThat(good.violations("")).isEmpty();
        assertThat(good.email()).isEqualTo("wangwu@hzb.example");
        assertThat(new Contact(null, ContactRole.OPERATOR, "王五", null, null, "13812341234", "  ", true, false).email())
                .isNull();

        var bad = new Contact(null, ContactRole.OPERATOR, "王五", null, null, "13812341234", "wangwu@", true, false);
        assertThat(bad.violations("contacts[3]."))
                .containsExactly(new FieldViolation("contacts[3].email", "contact.validation.email"));
        var tooLong = new Contact(
                null, ContactRole.OPERATOR, "王五", null, null, "13812341234", "w".repeat(250) + "@hzb.cn", true, false);
        assertThat(tooLong.violations(""))
                .containsExactly(new FieldViolation("email", "contact.validation.email-too-long"));
    }

    @Test
    void theChangeLogLineCarriesTheEmailAndMaskingHidesIt() {
        var contact = new Contact(
                1L, ContactRole.OFFICE_DIRECTOR, "王五", "主任", null, "13812341234", "wangwu@hzb.example", true, true);
        assertThat(contact.summary()).isEqualTo("办公室主任 王五（主任） 手机 13812341234 邮箱 wangwu@hzb.example [短信] [会议]");
        assertThat(contact.masked().email()).isEqualTo("w***@hzb.example");
        assertThat(contact.masked().toString()).doesNotContain("wangwu@");
        var without = new Contact(1L, ContactRole.OPERATOR, "王五", null, null, "13812341234", true, false);
        assertThat(without.summary()).doesNotContain("邮箱");
        assertThat(without.masked().email()).isNull();
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
        assertThat(new DemoRosters("ICBC-PB-HZ").contacts())
                .extracting(Contact::email)
                .containsExactly("operator@icbc-pb-hz.example", "director@icbc-pb-hz.example", null);
    }
}
