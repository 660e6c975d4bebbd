package org.sealpost.server.unit;

/** 机构类别: the categories of the seed's address list, plus the regulator and its departments. */
public enum UnitCategory {
    REGULATOR("监管机构", "Regulator"),
    REGULATOR_DEPT("机关处室", "Regulator department"),
    POLICY_BANK("政策性银行", "Policy bank"),
    STATE_OWNED_BANK("国有商业银行", "State-owned bank"),
    JOINT_STOCK_BANK("股份制商业银行", "Joint-stock bank"),
    POSTAL_SAVINGS_BANK("邮政储蓄银行", "Postal savings bank"),
    ASSET_MANAGEMENT("金融资产管理公司", "Asset management company"),
    CITY_COMMERCIAL_BANK("城市商业银行", "City commercial bank"),
    RURAL_FINANCIAL_INSTITUTION("农村中小金融机构", "Rural financial institution"),
    FOREIGN_BANK("外资银行", "Foreign bank"),
    TRUST_COMPANY("信托公司", "Trust company"),
    FINANCE_COMPANY("财务公司", "Finance company"),
    FINANCIAL_LEASING("金融租赁公司", "Financial leasing company");

    private final String nameZh;
    private final String nameEn;

    UnitCategory(String nameZh, String nameEn) {
        this.nameZh = nameZh;
        this.nameEn = nameEn;
    }

    public String nameZh() {
        return nameZh;
    }

    public String nameEn() {
        return nameEn;
    }

    /** True for the regulator itself and its internal departments. */
    public boolean isRegulator() {
        return this == REGULATOR || this == REGULATOR_DEPT;
    }
}
