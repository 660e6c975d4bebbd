package org.sealpost.server.pki;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Key custody and the system CA ({@code sealpost.keys.*}); see docs/operations.md.
 *
 * @param masterKeyFile the 32-byte master key of stored tokens, outside the database
 * @param caPinFile the PIN of the CA's stored token (a secret file beside the master key)
 * @param createIfMissing create both files (mode 0600) when missing: demo, dev and tests only;
 *     production keeps it false and refuses to start without them
 * @param pinIterations PBKDF2-HMAC-SM3 iterations for stored-token PINs (tests use fewer)
 * @param caName the common name of the root certificate
 * @param caValidity validity of the root certificate
 * @param certificateValidity validity of unit, seal and IC-card certificates
 * @param crlValidity how long a published CRL is valid (its nextUpdate)
 * @param alertBefore how long before expiry a certificate raises an alert
 * @param cardLinkValidity how long a one-time IC-card download link stays usable
 * @param unitSessionIdle how long an unlocked unit key stays open for its sign-in without use
 *     ({@link UnitKeySessions}); 0 turns unit key sessions off (the PIN for every act)
 * @param unitSessionMax the longest a unit key session lasts, used or not
 */
@ConfigurationProperties("sealpost.keys")
public record KeysProperties(
        String masterKeyFile,
        String caPinFile,
        Boolean createIfMissing,
        Integer pinIterations,
        String caName,
        Duration caValidity,
        Duration certificateValidity,
        Duration crlValidity,
        Duration alertBefore,
        Duration cardLinkValidity,
        Duration unitSessionIdle,
        Duration unitSessionMax) {

    public KeysProperties {
        masterKeyFile = blank(masterKeyFile) ? "data/master.key" : masterKeyFile;
        caPinFile = blank(caPinFile) ? "data/ca.pin" : caPinFile;
        createIfMissing = createIfMissing != null && createIfMissing;
        pinIterations = pinIterations == null ? 100_000 : pinIterations;
        caName = blank(caName) ? "浙江银监局 SealPost 根CA" : caName;
        caValidity = caValidity == null ? Duration.ofDays(3650) : caValidity;
        certificateValidity = certificateValidity == null ? Duration.ofDays(730) : certificateValidity;
        crlValidity = crlValidity == null ? Duration.ofDays(7) : crlValidity;
        alertBefore = alertBefore == null ? Duration.ofDays(60) : alertBefore;
        cardLinkValidity = cardLinkValidity == null ? Duration.ofDays(7) : cardLinkValidity;
        unitSessionIdle = unitSessionIdle == null ? Duration.ofMinutes(10) : unitSessionIdle;
        unitSessionMax = unitSessionMax == null ? Duration.ofHours(8) : unitSessionMax;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
