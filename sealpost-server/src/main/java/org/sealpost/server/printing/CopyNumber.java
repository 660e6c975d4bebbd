package org.sealpost.server.printing;

import java.util.regex.Pattern;

/** 份号: a copy's place in its delivery's print sequence, shown as exactly six digits. */
public record CopyNumber(int value) {

    private static final Pattern SIX_DIGITS = Pattern.compile("[0-9]{6}");

    public CopyNumber {
        if (value < 1 || value > 999_999) {
            throw new IllegalArgumentException("a copy number is 1 to 999999");
        }
    }

    /** {@code "000001"} or {@code "1"}; anything else is refused with a clear message. */
    public static CopyNumber parse(String text) {
        if (text == null || !(SIX_DIGITS.matcher(text).matches() || text.matches("[0-9]{1,6}"))) {
            throw PrintingException.invalid("bad-copy-number", "A copy number is six digits, e.g. 000001.");
        }
        int value = Integer.parseInt(text);
        if (value == 0) {
            throw PrintingException.invalid("bad-copy-number", "Copy numbers start at 000001.");
        }
        return new CopyNumber(value);
    }

    @Override
    public String toString() {
        return String.format("%06d", value);
    }
}
