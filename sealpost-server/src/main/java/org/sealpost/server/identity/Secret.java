package org.sealpost.server.identity;

import java.util.Arrays;

/**
 * A password or token in memory: never printed ({@link #toString()} is {@code [REDACTED]}),
 * wiped with {@link #close()}.
 */
public final class Secret implements AutoCloseable, CharSequence {

    private final char[] chars;

    private Secret(char[] chars) {
        this.chars = chars;
    }

    /** Takes a copy; the caller may wipe its own array. */
    public static Secret of(char[] chars) {
        return new Secret(chars.clone());
    }

    public static Secret of(String value) {
        return new Secret(value == null ? new char[0] : value.toCharArray());
    }

    /** The characters for a one-time display (a generated password or token shown once). */
    public String reveal() {
        return new String(chars);
    }

    @Override
    public int length() {
        return chars.length;
    }

    @Override
    public char charAt(int index) {
        return chars[index];
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        return new Secret(Arrays.copyOfRange(chars, start, end));
    }

    @Override
    public void close() {
        Arrays.fill(chars, '\0');
    }

    @Override
    public String toString() {
        return "[REDACTED]";
    }
}
