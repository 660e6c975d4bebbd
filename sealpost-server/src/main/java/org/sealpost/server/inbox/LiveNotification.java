package org.sealpost.server.inbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One NOTIFY payload on channel {@value PostgresLiveRelay#CHANNEL}: the node that published it
 * (its own listener skips it, the node having delivered locally already), the SSE event name, the
 * event data (the small JSON object of {@link LiveUpdates#data}: kind, ids, urgency, time — never a
 * title) and the unit codes whose streams get it. Five tab-separated fields on one line:
 *
 * <pre>{@code 1 <TAB> node <TAB> event <TAB> data <TAB> UNIT-A,UNIT-B,...}</pre>
 *
 * <p>PostgreSQL refuses payloads of 8000 bytes or more, so {@link #encode} splits a long unit list
 * (a broadcast to 5,000 units) over as many payloads as needed, each below {@link #MAX_BYTES}.
 * {@link #decode} accepts only what {@link #encode} writes: anything else on the channel is
 * ignored, never forwarded to a browser.
 */
record LiveNotification(String node, String event, String data, List<String> units) {

    /** Below PostgreSQL's 8000-byte payload limit, with room to spare. */
    static final int MAX_BYTES = 7900;

    private static final String VERSION = "1";
    private static final Pattern NODE = Pattern.compile("[0-9a-f]{8,32}");
    private static final Pattern UNIT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
    private static final Pattern EVENT = Pattern.compile("[a-z-]{1,40}");
    // LiveUpdates.data: a flat JSON object of safe characters, no tab, newline or other control
    private static final Pattern DATA = Pattern.compile("\\{[\\x20-\\x7e&&[^\\\\]]{0,1000}}");

    LiveNotification {
        units = List.copyOf(units);
    }

    /** Whether this event can travel at all (its data and event name have the expected shape). */
    static boolean sendable(String event, String data) {
        return event != null
                && EVENT.matcher(event).matches()
                && data != null
                && DATA.matcher(data).matches();
    }

    /**
     * The payloads for {@code units}, each below {@link #MAX_BYTES}; unit codes of an unexpected
     * shape are left out (they cannot name a stream). Empty when nothing can be sent.
     */
    static List<String> encode(String node, String event, String data, List<String> units) {
        if (!NODE.matcher(node).matches() || !sendable(event, data)) {
            return List.of();
        }
        String head = VERSION + '\t' + node + '\t' + event + '\t' + data + '\t';
        int headBytes = head.getBytes(StandardCharsets.UTF_8).length;
        List<String> payloads = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (String unit : units) {
            if (unit == null || !UNIT.matcher(unit).matches()) {
                continue;
            }
            // ASCII only (checked above): one byte per character
            int extra = (list.isEmpty() ? 0 : 1) + unit.length();
            if (!list.isEmpty() && headBytes + list.length() + extra > MAX_BYTES) {
                payloads.add(head + list);
                list.setLength(0);
            }
            if (!list.isEmpty()) {
                list.append(',');
            }
            list.append(unit);
        }
        if (!list.isEmpty()) {
            payloads.add(head + list);
        }
        return payloads;
    }

    /** The notification in {@code payload}, or empty when it is not one that {@link #encode} wrote. */
    static Optional<LiveNotification> decode(String payload) {
        if (payload == null || payload.length() > MAX_BYTES) {
            return Optional.empty();
        }
        String[] f = payload.split("\t", -1);
        if (f.length != 5
                || !VERSION.equals(f[0])
                || !NODE.matcher(f[1]).matches()
                || !sendable(f[2], f[3])
                || f[4].isEmpty()) {
            return Optional.empty();
        }
        List<String> units = List.of(f[4].split(",", -1));
        if (!units.stream().allMatch(u -> UNIT.matcher(u).matches())) {
            return Optional.empty();
        }
        return Optional.of(new LiveNotification(f[1], f[2], f[3], units));
    }
}
