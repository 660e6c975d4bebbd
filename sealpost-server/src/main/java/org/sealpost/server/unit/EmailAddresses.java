package org.sealpost.server.unit;

import java.util.regex.Pattern;

/**
 * What the roster accepts as a contact's e-mail address: the common {@code local@domain} form that
 * every SMTP server delivers to, ASCII only, at most 254 characters (RFC 5321's path limit less the
 * angle brackets). Deliberately narrower than RFC 5322: no quoted local parts, comments, IP-literal
 * domains or display names, and nothing that could break out of a mail header (spaces, commas,
 * angle brackets, CR or LF).
 */
public final class EmailAddresses {

    /** RFC 5321 §4.5.3.1.3 less the two angle brackets. */
    public static final int MAX_LENGTH = 254;

    /** RFC 5321 §4.5.3.1.1. */
    static final int MAX_LOCAL_LENGTH = 64;

    /** Dot-atom of RFC 5322 atext: no leading, trailing or double dot. */
    private static final Pattern LOCAL =
            Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");

    /** Host name labels (letters, digits, inner hyphens, ≤ 63 each), at least two, ending in a letter TLD or an IDN (xn--) one. */
    private static final Pattern DOMAIN =
            Pattern.compile("([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+([A-Za-z]{2,63}|xn--[A-Za-z0-9-]{1,59})");

    private EmailAddresses() {}

    /** Whether {@code address} is a well-formed address of at most {@link #MAX_LENGTH} characters. */
    public static boolean isValid(String address) {
        return address != null && address.length() <= MAX_LENGTH && wellFormed(address);
    }

    /** The syntax alone, whatever the length of the whole address. */
    static boolean wellFormed(String address) {
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1 || address.indexOf('@') != at) {
            return false;
        }
        String local = address.substring(0, at);
        String domain = address.substring(at + 1);
        return local.length() <= MAX_LOCAL_LENGTH
                && LOCAL.matcher(local).matches()
                && DOMAIN.matcher(domain).matches();
    }
}
