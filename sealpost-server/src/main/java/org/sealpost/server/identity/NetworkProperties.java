package org.sealpost.server.identity;

import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where requests may come from ({@code sealpost.security.network.*}, SECURITY.md P03).
 *
 * @param trustedProxies addresses or CIDRs of the load balancers / gateways in front of the nodes;
 *     {@code X-Forwarded-For} is read only when the connection comes from one of them, and only
 *     back to the first hop that is not one of them. Empty (default): the header is ignored.
 * @param adminAllowed addresses or CIDRs from which the system admin, security admin and auditor
 *     may use the application; empty (default): from anywhere. Requests of an account holding one
 *     of those roles from elsewhere get 403.
 */
@ConfigurationProperties("sealpost.security.network")
public record NetworkProperties(List<String> trustedProxies, List<String> adminAllowed) {

    public NetworkProperties {
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        adminAllowed = adminAllowed == null ? List.of() : List.copyOf(adminAllowed);
    }
}
