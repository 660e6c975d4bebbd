package org.sealpost.server.web;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.sealpost.server.pki.SystemCa;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * The production profile ({@code --spring.profiles.active=prod}, which sets {@code
 * sealpost.production=true}) refuses to start with anything meant for demos or tests (SECURITY.md
 * K09, P02): demo accounts, key files created on the fly, the demo or test profile, debug or trace
 * logging of the whole context, the H2 console, Swagger UI, or a system CA named as a test CA
 * ({@code TEST-ONLY}, the marker every committed test key carries).
 */
@Component
@ConditionalOnProperty(name = "sealpost.production", havingValue = "true")
class ProductionGuard implements SmartInitializingSingleton {

    private final Environment env;
    private final SystemCa ca;

    ProductionGuard(Environment env, SystemCa ca) {
        this.env = env;
        this.ca = ca;
    }

    @Override
    public void afterSingletonsInstantiated() {
        List<String> problems = problems(env);
        X509Certificate cert = ca.certificate();
        if (testKeyName(cert.getSubjectX500Principal().getName())) {
            problems.add("the system CA is a test CA ("
                    + cert.getSubjectX500Principal().getName() + ")");
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException(
                    "Refusing to start with the production profile: " + String.join("; ", problems));
        }
    }

    static List<String> problems(Environment env) {
        List<String> problems = new ArrayList<>();
        for (String profile : env.getActiveProfiles()) {
            if (profile.equals("demo") || profile.equals("test")) {
                problems.add("profile '" + profile + "' is active");
            }
        }
        flag(env, "sealpost.demo.enabled", "demo accounts", problems);
        flag(env, "sealpost.keys.create-if-missing", "key files would be created on the fly", problems);
        flag(env, "debug", "debug mode", problems);
        flag(env, "trace", "trace mode", problems);
        flag(env, "spring.h2.console.enabled", "the H2 console", problems);
        flag(env, "springdoc.swagger-ui.enabled", "Swagger UI", problems);
        for (String key :
                List.of("sealpost.keys.master-key-file", "sealpost.keys.ca-pin-file", "sealpost.blobs.key-file")) {
            String file = env.getProperty(key, "");
            if (testKeyName(file) || file.toLowerCase(Locale.ROOT).contains("test-keys")) {
                problems.add(key + " points at a test key (" + file + ")");
            }
        }
        return problems;
    }

    private static void flag(Environment env, String key, String what, List<String> problems) {
        if (env.getProperty(key, Boolean.class, false)) {
            problems.add(what + " (" + key + "=true)");
        }
    }

    static boolean testKeyName(String name) {
        String n = name.toUpperCase(Locale.ROOT);
        return Arrays.asList("TEST-ONLY", "TEST_ONLY").stream().anyMatch(n::contains);
    }
}
