package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.containsString;
import static org.sealpost.server.unit.UnitFixtures.as;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.UsePostgres;
import org.sealpost.server.unit.ManagingUnits.DefineUnit;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.annotation.Transactional;

/** The system admin registers and edits units; the code is fixed and unique across units and groups. */
class ManagingUnitsIT {

    @Transactional
    abstract static class Behaviour {
        @Autowired
        MockMvc mvc;

        @Autowired
        ManagingUnits managing;

        @Autowired
        UnitDirectory units;

        @Test
        void systemAdminRegistersAUnitThatJoinsItsCategoryGroup() throws Exception {
            var admin = new UnitFixtures(units).user(UnitFixtures.REGULATOR, Role.SYSTEM_ADMIN);
            mvc.perform(post("/units/new")
                            .with(as(admin))
                            .with(csrf())
                            .param("code", "nbcb-hz")
                            .param("name", "宁波通商银行杭州分行")
                            .param("category", "CITY_COMMERCIAL_BANK")
                            .param("active", "true"))
                    .andExpect(status().isFound());
            assertThat(units.resolve(List.of("CITY_COMMERCIAL_BANK")))
                    .extracting(UnitRef::code)
                    .contains("NBCB-HZ");
        }

        @Test
        void systemAdminDeactivatesAUnitAndItLeavesEveryScope() throws Exception {
            var admin = new UnitFixtures(units).user(UnitFixtures.REGULATOR, Role.SYSTEM_ADMIN);
            UnitFixtures.signedIn(
                    admin,
                    () -> managing.change(new DefineUnit(
                            "HZB", "杭州银行", "Bank of Hangzhou", UnitCategory.CITY_COMMERCIAL_BANK, false, admin)));
            assertThat(units.all()).extracting(UnitRef::code).doesNotContain("HZB");
            assertThat(units.resolve(List.of("HQ-BANKS")))
                    .extracting(UnitRef::code)
                    .doesNotContain("HZB");
        }

        @Test
        void aTakenCodeOrMissingCategoryIsShownOnTheForm() throws Exception {
            var admin = new UnitFixtures(units).user(UnitFixtures.REGULATOR, Role.SYSTEM_ADMIN);
            mvc.perform(post("/units/new")
                            .with(as(admin))
                            .with(csrf())
                            .param("code", "HQ-BANKS")
                            .param("name", "x")
                            .param("category", "TRUST_COMPANY"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(containsString("已被使用")));
            mvc.perform(post("/units/new")
                            .with(as(admin))
                            .with(csrf())
                            .param("code", "NEW-BANK")
                            .param("name", "x"))
                    .andExpect(status().isBadRequest())
                    .andExpect(content().string(containsString("必填")));
        }

        @Test
        void onlyTheSystemAdminManagesUnits() {
            var office = new UnitFixtures(units).officeStaff();
            UnitFixtures.signedIn(
                    office,
                    () -> assertThatThrownBy(() -> managing.register(
                                    new DefineUnit("X-BANK", "x", null, UnitCategory.TRUST_COMPANY, true, office)))
                            .isInstanceOf(AuthorizationDeniedException.class));
        }
    }

    @Nested
    @UnitSpringTest
    class OnH2 extends Behaviour {}

    @Nested
    @UnitSpringTest
    @UsePostgres
    class OnPostgres extends Behaviour {}
}
