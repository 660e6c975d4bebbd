package org.sealpost.server.unit;

/** A unit contact with an e-mail address (unit_contact.email), who receives notifications by e-mail. */
public record EmailContact(String name, String email) {

    @Override
    public String toString() {
        return "EmailContact[" + name + ", " + PhoneNumbers.maskEmail(email) + "]";
    }
}
