package org.sealpost.server.notify;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import org.sealpost.server.pki.CertificateExpiryAlertRaised;
import org.sealpost.server.unit.SmsContact;
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

    static final String SMS = "SMS";
    static final ZoneId CHINA = ZoneId.of("Asia/Shanghai");
    static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy年M月d日");

    private final UnitDirectory units;
    private final SmsGateway sms;
    private final NotificationLog log;

    NotifyingCertificateExpiry(UnitDirectory units, SmsGateway sms, NotificationLog log) {
        this.units = units;
        this.sms = sms;
        this.log = log;
    }

    // NOT_SUPPORTED: each row commits on its own, so a sent SMS stays recorded when a later one fails
    @ApplicationModuleListener(propagation = Propagation.NOT_SUPPORTED)
    public void on(CertificateExpiryAlertRaised alert) {
        String unitName = units.findByCode(alert.unitCode()).map(UnitRef::name).orElse(alert.unitCode());
        String text = text(alert, unitName);
        int failed = 0;
        for (SmsContact contact : units.smsContacts(alert.unitCode())) {
            if (log.status(alert.key(), SMS, contact.mobile())
                    .filter(NotificationStatus::settled)
                    .isPresent()) {
                continue;
            }
            SmsGateway.SmsOutcome outcome = sms.send(contact.mobile(), text);
            if (outcome instanceof SmsGateway.SmsOutcome.Sent sent) {
                record(alert, contact, text, NotificationStatus.SENT, sent.messageId(), null);
            } else if (outcome instanceof SmsGateway.SmsOutcome.Failed f) {
                record(alert, contact, text, NotificationStatus.FAILED, null, f.reason());
                failed++;
            } else {
                record(
                        alert,
                        contact,
                        text,
                        NotificationStatus.SKIPPED,
                        null,
                        SmsGateway.SmsOutcome.NotConfigured.REASON);
            }
        }
        if (failed > 0) {
            throw new NotificationFailed(alert.key(), failed);
        }
    }

    private void record(
            CertificateExpiryAlertRaised alert,
            SmsContact contact,
            String text,
            NotificationStatus status,
            String providerId,
            String detail) {
        log.record(alert.key(), SMS, contact.mobile(), alert.unitCode(), text, status, providerId, detail);
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
