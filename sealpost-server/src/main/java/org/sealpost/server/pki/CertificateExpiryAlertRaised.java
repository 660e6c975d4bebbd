package org.sealpost.server.pki;

import java.time.Instant;

/**
 * Published, in the transaction that inserts the alert, when {@link CertificateAlerts} raises an
 * expiry alert for a unit or seal certificate. Raised once per certificate and alert kind (the
 * pki_alert row is unique), so {@link #key()} identifies it across redeliveries.
 *
 * @param unitCode the unit that holds the certificate
 * @param serial the certificate serial (hex)
 * @param certificateKind {@code UNIT_SIGNING}, {@code UNIT_ENCRYPTION} or {@code SEAL}
 * @param alert {@code EXPIRING} (due within {@code sealpost.keys.alert-before}) or {@code EXPIRED}
 * @param notAfter the end of the certificate's validity
 */
public record CertificateExpiryAlertRaised(
        String unitCode, String serial, String certificateKind, String alert, Instant notAfter) {

    /** Stable identity of this alert: {@code pki-alert:SERIAL:ALERT}. */
    public String key() {
        return "pki-alert:" + serial + ":" + alert;
    }

    public boolean expired() {
        return "EXPIRED".equals(alert);
    }
}
