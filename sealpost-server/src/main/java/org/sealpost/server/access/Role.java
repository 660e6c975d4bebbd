package org.sealpost.server.access;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a person may do. The names are a contract: they appear in {@code data/demo-accounts.json},
 * the API and the CLI.
 */
public enum Role {
    /** 系统管理员: units, people, configuration. One of the three separated duties. */
    SYSTEM_ADMIN,
    /** 安全管理员: roles, credentials, security policy. One of the three separated duties. */
    SECURITY_ADMIN,
    /** 审计员: reads the audit log, nothing else. One of the three separated duties. */
    AUDITOR,
    /** 局办公室工作人员: seals and sends bureau documents, manages groups and the seal register. */
    OFFICE_STAFF,
    /** 办公室主任: approves seal custody transfers. */
    OFFICE_DIRECTOR,
    /** 处室工作人员: drafts department informal documents. */
    DEPT_STAFF,
    /** 处室负责人: approves department documents before they go. */
    DEPT_HEAD,
    /** 单位管理员: maintains the unit's people, roster, contacts and operators. */
    UNIT_ADMIN,
    /** 操作员A: the unit's primary sender and receiver. */
    OPERATOR_A,
    /** 操作员B: the backup operator (AB角). */
    OPERATOR_B,
    /** 单位领导: reads, changes nothing. */
    UNIT_LEADER;

    /** The three duties that one account may never combine (三权分立, SECURITY.md C05). */
    public static final Set<Role> SEPARATED_DUTIES = EnumSet.of(SYSTEM_ADMIN, SECURITY_ADMIN, AUDITOR);

    public boolean isSeparatedDuty() {
        return SEPARATED_DUTIES.contains(this);
    }

    public boolean isOperator() {
        return this == OPERATOR_A || this == OPERATOR_B;
    }
}
