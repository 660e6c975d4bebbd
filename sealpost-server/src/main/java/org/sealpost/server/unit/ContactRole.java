package org.sealpost.server.unit;

/** Who a unit names as its meeting-registration and SMS contacts (实施细则第七条). */
public enum ContactRole {
    OPERATOR("操作员"),
    OFFICE_DIRECTOR("办公室主任"),
    CONFIDENTIAL_SECRETARY("机要秘书");

    private final String nameZh;

    ContactRole(String nameZh) {
        this.nameZh = nameZh;
    }

    public String nameZh() {
        return nameZh;
    }
}
