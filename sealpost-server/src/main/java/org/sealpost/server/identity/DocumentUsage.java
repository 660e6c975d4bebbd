package org.sealpost.server.identity;

import org.sealpost.server.access.Role;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.UnitDirectory;
import org.springframework.stereotype.Service;

/**
 * Who may use the document functions (seed 公告 三: 非操作人员未经本单位领导同意，不得使用该系统).
 * In a supervised institution the operators may; anyone else only once the unit admin has
 * recorded the leadership's consent. At the regulator the office and department roles may. The
 * three separated duties never handle documents.
 */
@Service
public class DocumentUsage {

    private final AccountStore accounts;
    private final UnitDirectory units;

    DocumentUsage(AccountStore accounts, UnitDirectory units) {
        this.accounts = accounts;
        this.units = units;
    }

    public boolean mayUseDocuments(SignedInUser user) {
        boolean regulator = units.findById(user.unitId())
                .map(u -> u.category().isRegulator())
                .orElse(false);
        if (regulator) {
            return user.hasAny(Role.OFFICE_STAFF, Role.OFFICE_DIRECTOR, Role.DEPT_STAFF, Role.DEPT_HEAD);
        }
        if (user.hasAny(Role.OPERATOR_A, Role.OPERATOR_B)) {
            return true;
        }
        return accounts.documentUsageGrant(user.accountId()).isPresent();
    }
}
