package org.sealpost.server.identity;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The demo ({@code sealpost.demo.*}, profile {@code demo}).
 *
 * @param enabled create demo accounts for every unit at start
 * @param accountsFile where the demo sign-ins are written as JSON
 * @param password the demo password; empty means generate one once and reuse it
 */
@ConfigurationProperties("sealpost.demo")
public record DemoProperties(Boolean enabled, String accountsFile, String password) {

    public DemoProperties {
        enabled = enabled != null && enabled;
        accountsFile = accountsFile == null || accountsFile.isBlank() ? "data/demo-accounts.json" : accountsFile;
        password = password == null ? "" : password;
    }
}
