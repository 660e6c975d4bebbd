package org.sealpost.server.unit;

import java.util.ArrayList;
import java.util.List;

/**
 * A unit's contact (会议报名联系人): operator, office director or confidential secretary, and whether
 * they receive SMS alerts (短信接收人) and meeting notices. An SMS recipient needs a mobile number. A
 * contact with an e-mail address receives the unit's document notifications by e-mail (notify).
 */
public record Contact(
        Long id,
        ContactRole role,
        String name,
        String title,
        String officePhone,
        String mobile,
        String email,
        boolean receivesSms,
        boolean meetingContact)
        implements RosterLine {

    public Contact {
        name = RosterLine.clean(name);
        title = RosterLine.clean(title);
        officePhone = RosterLine.clean(officePhone);
        mobile = RosterLine.clean(mobile);
        email = RosterLine.clean(email);
    }

    /** A contact without an e-mail address. */
    public Contact(
            Long id,
            ContactRole role,
            String name,
            String title,
            String officePhone,
            String mobile,
            boolean receivesSms,
            boolean meetingContact) {
        this(id, role, name, title, officePhone, mobile, null, receivesSms, meetingContact);
    }

    @Override
    public List<UnitException.FieldViolation> violations(String prefix) {
        List<UnitException.FieldViolation> v = new ArrayList<>(RosterLine.common(this, prefix));
        if (role == null) {
            v.add(0, new UnitException.FieldViolation(prefix + "role", "unit.validation.required"));
        }
        if (title != null && title.length() > 100) {
            v.add(new UnitException.FieldViolation(prefix + "title", "unit.validation.too-long"));
        }
        if (email != null && email.length() > EmailAddresses.MAX_LENGTH) {
            v.add(new UnitException.FieldViolation(prefix + "email", "contact.validation.email-too-long"));
        } else if (email != null && !EmailAddresses.isValid(email)) {
            v.add(new UnitException.FieldViolation(prefix + "email", "contact.validation.email"));
        }
        if (receivesSms && mobile == null) {
            v.add(new UnitException.FieldViolation(prefix + "mobile", "contact.validation.sms-needs-mobile"));
        }
        return v;
    }

    @Override
    public String summary() {
        return (role == null ? "?" : role.nameZh()) + " " + name + (title == null ? "" : "（" + title + "）")
                + RosterLine.phones(this) + (email == null ? "" : " 邮箱 " + email) + (receivesSms ? " [短信]" : "")
                + (meetingContact ? " [会议]" : "");
    }

    Contact withId(Long newId) {
        return new Contact(newId, role, name, title, officePhone, mobile, email, receivesSms, meetingContact);
    }

    /** The same contact with phones and e-mail masked, for viewers who are neither the unit nor the office (D02). */
    public Contact masked() {
        return new Contact(
                id,
                role,
                name,
                title,
                PhoneNumbers.mask(officePhone),
                PhoneNumbers.mask(mobile),
                PhoneNumbers.maskEmail(email),
                receivesSms,
                meetingContact);
    }
}
