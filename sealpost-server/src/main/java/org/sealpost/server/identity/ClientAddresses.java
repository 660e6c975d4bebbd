package org.sealpost.server.identity;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.security.web.util.matcher.IpAddressMatcher;

/**
 * The client address of a request (SECURITY.md P03). {@code X-Forwarded-For} is honoured only when
 * the connection comes from a configured trusted proxy, and then read from the right, skipping
 * trusted hops: the first hop that is not a trusted proxy is the client. Anything a client writes
 * into the header itself sits to the left of that and is never reached. A malformed entry stops
 * the walk at the hop that sent it.
 */
final class ClientAddresses {

    private static final Pattern LITERAL = Pattern.compile("[0-9A-Fa-f.:]{2,45}");

    private final List<IpAddressMatcher> trusted;
    private final List<IpAddressMatcher> adminAllowed;

    ClientAddresses(NetworkProperties props) {
        this.trusted = matchers(props.trustedProxies());
        this.adminAllowed = matchers(props.adminAllowed());
    }

    private static List<IpAddressMatcher> matchers(List<String> cidrs) {
        return cidrs.stream()
                .map(String::strip)
                .filter(c -> !c.isEmpty())
                .map(IpAddressMatcher::new)
                .toList();
    }

    String clientOf(HttpServletRequest request) {
        String hop = request.getRemoteAddr();
        if (!matchesAny(trusted, hop)) {
            return hop;
        }
        var headers = request.getHeaders("X-Forwarded-For");
        List<String> entries = new java.util.ArrayList<>();
        while (headers != null && headers.hasMoreElements()) {
            for (String part : headers.nextElement().split(",")) {
                entries.add(part.strip());
            }
        }
        for (int i = entries.size() - 1; i >= 0; i--) {
            String entry = entries.get(i);
            if (!LITERAL.matcher(entry).matches()) {
                return hop;
            }
            hop = entry;
            if (!matchesAny(trusted, hop)) {
                return hop;
            }
        }
        return hop;
    }

    boolean adminAllowed(String address) {
        return adminAllowed.isEmpty() || matchesAny(adminAllowed, address);
    }

    private static boolean matchesAny(List<IpAddressMatcher> matchers, String address) {
        if (address == null || !LITERAL.matcher(address).matches()) {
            return false;
        }
        for (IpAddressMatcher m : matchers) {
            try {
                if (m.matches(address)) {
                    return true;
                }
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        return false;
    }
}
