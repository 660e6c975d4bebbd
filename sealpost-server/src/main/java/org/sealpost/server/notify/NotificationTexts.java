package org.sealpost.server.notify;

import org.sealpost.server.checkin.CheckInReminderDue;
import org.sealpost.server.checkin.HalfDay;
import org.sealpost.server.document.Urgency;

/**
 * The words of SMS and e-mail notifications, in Chinese (the recipients' language). They name the
 * document by title, number, urgency and sender only: never its content, attachments, a PIN or a
 * link that would open it — the reader signs in to SealPost to see it.
 */
final class NotificationTexts {

    static final String TAG = "【SealPost】";

    private NotificationTexts() {}

    record Mail(String subject, String body) {}

    static String receivedSms(String unitName, String senderName, Urgency urgency, String title) {
        return TAG + "您单位（" + unitName + "）收到" + senderName + "的" + urgency.nameZh() + "公文《" + title
                + "》，请及时登录系统查看并签收。";
    }

    static String remindedSms(String unitName, String senderName, Urgency urgency, String title) {
        return TAG + senderName + "催办：您单位（" + unitName + "）尚未签收" + urgency.nameZh() + "公文《" + title + "》，请尽快登录系统签收。";
    }

    static String checkInSms(String unitName, CheckInReminderDue due) {
        return TAG + "您单位（" + unitName + "）今天" + halfDay(due.halfDay()) + "尚未登录系统。按规定每个上午和下午至少登录两次，及时查收公文。";
    }

    static Mail receivedMail(
            String unitName, String senderName, Urgency urgency, String title, String docNo, String site) {
        return new Mail(
                TAG + "来文通知：" + bracket(urgency) + "《" + title + "》",
                "您单位（" + unitName + "）收到一份公文：\n\n"
                        + "标题：" + title + "\n"
                        + (docNo == null || docNo.isBlank() ? "" : "文号：" + docNo + "\n")
                        + "紧急程度：" + urgency.nameZh() + "\n"
                        + "发文单位：" + senderName + "\n\n"
                        + signIn(site) + "请登录后查看并签收。");
    }

    static Mail remindedMail(String unitName, String senderName, Urgency urgency, String title, String site) {
        return new Mail(
                TAG + "催办：" + bracket(urgency) + "《" + title + "》",
                senderName + "催办：您单位（" + unitName + "）尚未签收以下公文：\n\n"
                        + "标题：" + title + "\n"
                        + "紧急程度：" + urgency.nameZh() + "\n\n"
                        + signIn(site) + "请尽快登录签收。");
    }

    static Mail closedMail(String unitName, String senderName, String kind, String title, String site) {
        boolean voided = "VOIDED".equals(kind);
        return new Mail(
                TAG + (voided ? "公文作废：" : "公文撤回：") + "《" + title + "》",
                senderName + (voided ? "已将公文作废" : "已撤回公文") + "《" + title + "》（收文单位：" + unitName + "）。\n\n"
                        + (voided ? "如已打印，请按份号销毁并在系统中确认。\n" : "")
                        + signIn(site) + "详情请登录查看。");
    }

    static Mail signedMail(String senderName, String recipientName, String title, String site) {
        return new Mail(
                TAG + "签收回执：《" + title + "》",
                recipientName + "已签收贵单位（" + senderName + "）发出的公文《" + title + "》。\n\n" + signIn(site)
                        + "签收回执可在系统的发文跟踪中查看。");
    }

    static Mail returnedMail(String senderName, String recipientName, String title, String reason, String site) {
        return new Mail(
                TAG + "公文退回：《" + title + "》",
                recipientName + "退回了贵单位（" + senderName + "）发出的公文《" + title + "》。\n\n"
                        + "退回理由：" + reason + "\n\n"
                        + signIn(site) + "如需更正，请登录后发送更正后的新版本。");
    }

    private static String bracket(Urgency urgency) {
        return urgency == Urgency.NORMAL ? "" : "[" + urgency.nameZh() + "]";
    }

    private static String signIn(String site) {
        return "本邮件不含公文内容，请勿回复。" + (site == null || site.isBlank() ? "" : "系统地址：" + site + "\n");
    }

    private static String halfDay(HalfDay half) {
        return half == HalfDay.AM ? "上午" : "下午";
    }
}
