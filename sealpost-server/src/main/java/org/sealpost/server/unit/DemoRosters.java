package org.sealpost.server.unit;

import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Generated, deterministic demo people for one unit: the same unit code always yields the same
 * names and numbers. Demo data only; the numbers are made up.
 */
final class DemoRosters {

    private static final String SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦方";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华建国晓东红玲志文斌宁浩宇欣怡佳俊凯婷雪琳晨阳颖鹏飞慧丹";
    private static final String[] MOBILE_PREFIXES = {
        "133", "135", "136", "137", "138", "139", "150", "151", "158", "177", "186", "189"
    };

    private final SplittableRandom random;
    private final String switchboard;
    private final String domain;

    DemoRosters(String unitCode) {
        this.random = new SplittableRandom(unitCode.hashCode());
        this.domain = unitCode.toLowerCase(Locale.ROOT) + ".example";
        this.switchboard = "0571-8" + digits(3);
    }

    List<RosterEntry> roster() {
        return List.of(
                new RosterEntry(null, RosterDuty.LEADER_IN_CHARGE, name(), "副行长", office(), mobile()),
                new RosterEntry(null, RosterDuty.DEPARTMENT_LEADER, name(), "办公室主任", office(), mobile()),
                new RosterEntry(null, RosterDuty.OPERATOR_A, name(), "办公室文书", office(), mobile()),
                new RosterEntry(null, RosterDuty.OPERATOR_B, name(), "办公室科员", office(), mobile()),
                new RosterEntry(null, RosterDuty.TECHNICIAN, name(), "信息科技部工程师", office(), mobile()));
    }

    /**
     * The operator and the office director have an e-mail address under the reserved {@code .example}
     * top-level domain (RFC 2606), so a demo with SMTP configured mails nobody real; the secretary has none.
     */
    List<Contact> contacts() {
        return List.of(
                new Contact(
                        null, ContactRole.OPERATOR, name(), "办公室文书", office(), mobile(), mail("operator"), true, true),
                new Contact(
                        null,
                        ContactRole.OFFICE_DIRECTOR,
                        name(),
                        "办公室主任",
                        office(),
                        mobile(),
                        mail("director"),
                        true,
                        true),
                new Contact(null, ContactRole.CONFIDENTIAL_SECRETARY, name(), "机要秘书", office(), mobile(), false, true));
    }

    private String mail(String local) {
        return local + "@" + domain;
    }

    private String name() {
        String surname = String.valueOf(SURNAMES.charAt(random.nextInt(SURNAMES.length())));
        int length = random.nextInt(3) == 0 ? 1 : 2;
        StringBuilder given = new StringBuilder();
        for (int i = 0; i < length; i++) {
            given.append(GIVEN.charAt(random.nextInt(GIVEN.length())));
        }
        return surname + given;
    }

    private String office() {
        return switchboard + digits(4);
    }

    private String mobile() {
        return MOBILE_PREFIXES[random.nextInt(MOBILE_PREFIXES.length)] + digits(8);
    }

    private String digits(int count) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < count; i++) {
            s.append((char) ('0' + random.nextInt(10)));
        }
        return s.toString();
    }
}
