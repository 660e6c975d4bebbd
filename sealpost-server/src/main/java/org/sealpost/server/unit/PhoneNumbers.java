package org.sealpost.server.unit;

import java.util.regex.Pattern;

/** Mainland phone numbers: what is valid, and how a number is masked for non-owners (SECURITY.md D02). */
public final class PhoneNumbers {

    /** Mainland mobile: 11 digits starting 13–19. */
    static final Pattern MOBILE = Pattern.compile("1[3-9]\\d{9}");

    /** Landline: area code, hyphen, 7–8 digit number, optional hyphenated extension (0571-87654321). */
    static final Pattern LANDLINE = Pattern.compile("(0\\d{2,3})-(\\d{7,8})(-\\d{1,6})?");

    private PhoneNumbers() {}

    public static boolean isMobile(String number) {
        return number != null && MOBILE.matcher(number).matches();
    }

    public static boolean isLandline(String number) {
        return number != null && LANDLINE.matcher(number).matches();
    }

    /**
     * {@code 13812341234 → 138****1234}; {@code 0571-87654321 → 0571-****4321}; anything else keeps
     * only its last four characters. Null stays null.
     */
    public static String mask(String number) {
        if (number == null || number.isEmpty()) {
            return number;
        }
        if (isMobile(number)) {
            return number.substring(0, 3) + "****" + number.substring(7);
        }
        var landline = LANDLINE.matcher(number);
        if (landline.matches()) {
            String local = landline.group(2);
            return landline.group(1) + "-" + "*".repeat(local.length() - 4) + local.substring(local.length() - 4);
        }
        int keep = Math.min(4, number.length() / 2);
        return "*".repeat(number.length() - keep) + number.substring(number.length() - keep);
    }

    /** An e-mail address with the local part masked after its first character: {@code w***@example.cn}. */
    public static String maskEmail(String email) {
        if (email == null || email.isEmpty()) {
            return email;
        }
        int at = email.lastIndexOf('@');
        if (at <= 0) {
            return mask(email);
        }
        return email.charAt(0) + "***" + email.substring(at);
    }
}
