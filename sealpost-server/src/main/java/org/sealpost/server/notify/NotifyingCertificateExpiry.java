package org.sealpost.server.notify;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.sealpost.server.pki.CertificateExpiryAlertRaised;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitRef;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;

/**
 * Sends a certificate expiry alert by SMS to each of the unit's SMS contacts (issue 4 item 1: "to
 * the unit's contacts"). Delivered through the event publication registry: the publication is
 * completed only when every contact has a SENT or SKIPPED row; a FAILED one leaves it incomplete
 * for redelivery, and a redelivery sends only to the contacts not yet settled.
 */
@Service
public class NotifyingCertificateExpiry {

    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final UnitDirectory units;
    private final Notifier notifier;

    NotifyingCertificateExpiry(UnitDirectory units, Notifier notifier) {
        this.units = units;
        this.notifier = notifier;
    }

    // NOT_SUPPORTED: each row commits on its own, so a sent SMS stays recorded when a later one fails
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(CertificateExpiryAlertRaised alert) {
        String unitName = units.findByCode(alert.unitCode()).map(UnitRef::name).orElse(alert.unitCode());
        int failed = notifier.sms(alert.key(), alert.unitCode(), text(alert, unitName));
        if (failed > 0) {
            throw new NotificationFailed(alert.key(), failed);
        }
    }

    /** The SMS text, in Chinese, dated in China time. */
    static String text(CertificateExpiryAlertRaised alert, String unitName) {
        String what = switch (alert.certificateKind()) {
            case "UNIT_SIGNING" -> "签名证书";
            case "UNIT_ENCRYPTION" -> "加密证书";
            case "SEAL" -> "电子印章证书";
            default -> "证书";
        };
        String date = DATE.format(alert.notAfter().atZone(CHINA));
        return alert.expired()
                ? "【SealPost】您单位（" + unitName + "）的" + what + "已于" + date + "到期，请尽快更新。"
                : "【SealPost】您单位（" + unitName + "）的" + what + "将于" + date + "到期，请及时更新。";
    }
}
