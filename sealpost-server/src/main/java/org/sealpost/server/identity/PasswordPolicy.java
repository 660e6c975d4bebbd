package org.sealpost.server.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which passwords are acceptable (SECURITY.md A01, ASVS 6.2): at least 12 characters, up to 128
 * accepted and never truncated, not on the bundled common-password list (also with digits or
 * symbols added at either end, or as a repeated short pattern), and not containing the username,
 * the unit code or the product name. The password is checked as characters and never becomes a
 * {@code String}.
 */
final class PasswordPolicy {

    static final String COMMON_LIST = "security/common-passwords.txt";

    private final int minLength;
    private final int maxLength;
    private final Set<CharBuffer> common;

    PasswordPolicy(int minLength, int maxLength, Set<CharBuffer> common) {
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.common = common;
    }

    static PasswordPolicy from(SecurityPolicyProperties props) {
        return new PasswordPolicy(props.passwordMinLength(), props.passwordMaxLength(), loadCommon());
    }

    static Set<CharBuffer> loadCommon() {
        Set<CharBuffer> words = new HashSet<>();
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(COMMON_LIST)) {
            if (in == null) {
                throw new IllegalStateException("missing " + COMMON_LIST);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    words.add(CharBuffer.wrap(line.strip().toLowerCase(Locale.ROOT)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(words);
    }

    /** The rule the password breaks, as an error code, or empty when it is acceptable. */
    Optional<String> violation(CharSequence password, String username, String unitCode) {
        int length = password.codePoints().toArray().length;
        if (length < minLength) {
            return Optional.of("password-too-short");
        }
        if (length > maxLength) {
            return Optional.of("password-too-long");
        }
        char[] lower = new char[password.length()];
        try {
            for (int i = 0; i < lower.length; i++) {
                lower[i] = Character.toLowerCase(password.charAt(i));
            }
            if (isCommon(lower)) {
                return Optional.of("password-common");
            }
            for (String word : contextWords(username, unitCode)) {
                if (contains(lower, word)) {
                    return Optional.of("password-contains-context");
                }
            }
            return Optional.empty();
        } finally {
            Arrays.fill(lower, '\0');
        }
    }

    /** Throws {@link IdentityException.PasswordRejected} when the password breaks a rule. */
    void check(CharSequence password, String username, String unitCode) {
        violation(password, username, unitCode).ifPresent(code -> {
            throw new IdentityException.PasswordRejected(code);
        });
    }

    private boolean isCommon(char[] lower) {
        if (common.contains(CharBuffer.wrap(lower))) {
            return true;
        }
        int start = 0;
        int end = lower.length;
        while (start < end && !Character.isLetter(lower[start])) {
            start++;
        }
        while (end > start && !Character.isLetter(lower[end - 1])) {
            end--;
        }
        if (end - start >= 4 && common.contains(CharBuffer.wrap(lower, start, end - start))) {
            return true;
        }
        return isRepeatedPattern(lower);
    }

    /** "aaaaaaaaaaaa", "abcabcabcabc", "123412341234": a unit of up to six characters repeated. */
    private static boolean isRepeatedPattern(char[] lower) {
        for (int unit = 1; unit <= 6 && unit < lower.length; unit++) {
            boolean repeated = true;
            for (int i = unit; i < lower.length && repeated; i++) {
                repeated = lower[i] == lower[i % unit];
            }
            if (repeated) {
                return true;
            }
        }
        return false;
    }

    private static List<String> contextWords(String username, String unitCode) {
        List<String> words = new ArrayList<>(List.of("sealpost"));
        for (String value : new String[] {username, unitCode}) {
            if (value == null) {
                continue;
            }
            String lower = value.toLowerCase(Locale.ROOT);
            if (lower.length() >= 3) {
                words.add(lower);
            }
            for (String part : lower.split("[^\\p{L}\\p{N}]+")) {
                if (part.length() >= 4) {
                    words.add(part);
                }
            }
        }
        return words;
    }

    private static boolean contains(char[] haystack, String needle) {
        outer:
        for (int i = 0; i + needle.length() <= haystack.length; i++) {
            for (int j = 0; j < needle.length(); j++) {
                if (haystack[i + j] != needle.charAt(j)) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }
}
