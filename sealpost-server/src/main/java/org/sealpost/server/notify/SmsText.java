package org.sealpost.server.notify;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A message as UCS2 (UTF-16BE) short-message parts. Up to 70 characters fit one submit_sm; a longer
 * text goes as concatenated parts of 67 characters, each with a user data header (IEI 0x00, 8-bit
 * reference); beyond {@code maxParts} the text is cut and ends with "…". A surrogate pair is never
 * split across parts.
 */
record SmsText(List<byte[]> parts, boolean concatenated) {

    static final int SINGLE = 70;
    static final int PER_PART = 67;

    static SmsText of(String text, int maxParts, int reference) {
        if (text.length() <= SINGLE) {
            return new SmsText(List.of(text.getBytes(StandardCharsets.UTF_16BE)), false);
        }
        List<String> chunks = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            if (chunks.size() == maxParts - 1 && text.length() - at > PER_PART) {
                chunks.add(cut(text, at, PER_PART - 1) + "…");
                break;
            }
            String chunk = cut(text, at, PER_PART);
            chunks.add(chunk);
            at += chunk.length();
        }
        List<byte[]> parts = new ArrayList<>();
        for (int i = 0; i < chunks.size(); i++) {
            byte[] body = chunks.get(i).getBytes(StandardCharsets.UTF_16BE);
            parts.add(ByteBuffer.allocate(6 + body.length)
                    .put(new byte[] {5, 0, 3, (byte) reference, (byte) chunks.size(), (byte) (i + 1)})
                    .put(body)
                    .array());
        }
        return new SmsText(List.copyOf(parts), true);
    }

    private static String cut(String text, int from, int max) {
        int end = Math.min(text.length(), from + max);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(from, end);
    }
}
