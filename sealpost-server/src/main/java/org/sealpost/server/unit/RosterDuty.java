package org.sealpost.server.unit;

/** The roles a unit files with the regulator office (实施细则第六条). */
public enum RosterDuty {
    LEADER_IN_CHARGE("分管行领导"),
    DEPARTMENT_LEADER("部门领导"),
    OPERATOR_A("操作员A"),
    OPERATOR_B("操作员B"),
    TECHNICIAN("技术人员");

    private final String nameZh;

    RosterDuty(String nameZh) {
        this.nameZh = nameZh;
    }

    public String nameZh() {
        return nameZh;
    }
}
