package org.sealpost.server.unit;

/** A unit contact registered to receive SMS alerts (短信接收人), with the full mobile number. */
public record SmsContact(String name, String mobile) {

    @Override
    public String toString() {
        return "SmsContact[" + name + ", " + PhoneNumbers.mask(mobile) + "]";
    }
}
