package org.sealpost.server.unit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.sealpost.server.access.Role;
import org.sealpost.server.support.UsePostgres;
import org.sealpost.server.unit.DefiningRecipientGroups.DefineGroup;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.authorization.AuthorizationDeniedException;
import org.springframework.transaction.annotation.Transactional;

/** Demo units, system and custom recipient groups, and resolving a recipient scope into units. */
class UnitsAndGroupsIT {

    @Transactional
    abstract static class Behaviour {
        @Autowired
        JdbcTemplate jdbc;

        @Autowired
        UnitDirectory units;

        @Autowired
        DefiningRecipientGroups groups;

        @Autowired
        RosterStore rosters;

        @Autowired
        RecipientGroupStore groupStore;

        @Autowired
        Clock clock;

        UnitFixtures fixtures;

        @BeforeEach
        void fixtures() {
            fixtures = new UnitFixtures(units);
        }

        private int count(String table) {
            return jdbc.queryForObject("SELECT count(*) FROM " + table, Integer.class);
        }

        @Test
        void demoUnitsCoverEveryCategoryWithAtLeastFortyUnits() {
            List<UnitRef> all = units.all();
            assertThat(all).hasSizeGreaterThanOrEqualTo(40);
            assertThat(all.stream().map(UnitRef::category).collect(Collectors.toSet()))
                    .containsExactlyInAnyOrder(UnitCategory.values());
            assertThat(units.findByCode("ICBC-PB-HZ"))
                    .get()
                    .extracting(UnitRef::name)
                    .isEqualTo("中国工商银行私人银行部杭州分部");
            assertThat(jdbc.queryForObject(
                            "SELECT p.code FROM unit u JOIN unit p ON p.id = u.parent_id WHERE u.code = 'ZJBRC-OFFICE'",
                            String.class))
                    .isEqualTo("ZJBRC");
        }

        @Test
        void everyDemoUnitHasARosterAndContacts() {
            for (UnitRef unit : units.all()) {
                assertThat(rosters.entries(unit.id()))
                        .extracting(RosterEntry::duty)
                        .contains(RosterDuty.values());
                assertThat(rosters.contacts(unit.id()))
                        .extracting(Contact::role)
                        .contains(ContactRole.values());
            }
        }

        @Test
        void loadingTheDemoAgainAddsNothing() throws Exception {
            int unitsBefore = count("unit");
            int entriesBefore = count("roster_entry");
            int contactsBefore = count("unit_contact");
            int groupsBefore = count("recipient_group");

            new DemoUnitsLoader(jdbc, rosters, groupStore, clock).run(null);
            new SystemGroupSync(groupStore, clock).run(null);

            assertThat(count("unit")).isEqualTo(unitsBefore);
            assertThat(count("roster_entry")).isEqualTo(entriesBefore);
            assertThat(count("unit_contact")).isEqualTo(contactsBefore);
            assertThat(count("recipient_group")).isEqualTo(groupsBefore);
        }

        @Test
        void thereIsOneSystemGroupPerCategoryHoldingExactlyThatCategory() {
            for (UnitCategory category : UnitCategory.values()) {
                RecipientGroup group = groups.get(category.name());
                assertThat(group.isSystem()).isTrue();
                assertThat(group.name()).isEqualTo(category.nameZh());
                assertThat(group.units()).isNotEmpty().allMatch(u -> u.category() == category);
            }
        }

        @Test
        void aSystemGroupFollowsAUnitThatChangesCategory() {
            jdbc.update("UPDATE unit SET category = 'TRUST_COMPANY' WHERE code = 'WX-FIN'");
            assertThat(groups.get("TRUST_COMPANY").units())
                    .extracting(UnitRef::code)
                    .contains("WX-FIN");
            assertThat(groups.get("FINANCE_COMPANY").units())
                    .extracting(UnitRef::code)
                    .doesNotContain("WX-FIN");
        }

        @Test
        void resolvesUnitsGroupsAndCategoriesWithoutDuplicates() {
            List<UnitRef> scope = units.resolve(List.of("policy_bank", " HZB ", "HQ-BANKS", "CZB"));
            assertThat(scope)
                    .extracting(UnitRef::code)
                    .containsExactly(
                            "ADBC-ZJ", "CDB-ZJ", "EXIM-ZJ", "CZB", "CZCB", "HZB", "MTB", "TLB", "TZB", "WZB", "ZJRCU");
        }

        @Test
        void resolvingAnUnknownCodeNamesIt() {
            assertThatThrownBy(() -> units.resolve(List.of("HZB", "NO-SUCH-BANK")))
                    .isInstanceOfSatisfying(UnitException.UnknownRecipient.class, e -> {
                        assertThat(e.code()).isEqualTo("unit.unknown-recipient");
                        assertThat(e.arguments()).containsExactly("NO-SUCH-BANK");
                    });
        }

        @Test
        void inactiveUnitsAreLeftOutOfGroupsAndCannotBeNamed() {
            jdbc.update("UPDATE unit SET active = FALSE WHERE code = 'HZB'");
            assertThat(units.resolve(List.of("CITY_COMMERCIAL_BANK")))
                    .extracting(UnitRef::code)
                    .doesNotContain("HZB");
            assertThatThrownBy(() -> units.resolve(List.of("HZB"))).isInstanceOf(UnitException.UnknownRecipient.class);
        }

        @Test
        void officeDefinesRedefinesAndDeletesACustomGroup() {
            UnitFixtures.signedIn(fixtures.officeStaff(), () -> {
                groups.create(new DefineGroup(
                        "big-four",
                        "四大行",
                        "Big four",
                        null,
                        List.of("ICBC-ZJ", "ABC-ZJ", "BOC-ZJ", "CCB-ZJ"),
                        fixtures.officeStaff()));
                assertThat(units.resolve(List.of("BIG-FOUR"))).hasSize(4);

                groups.redefine(new DefineGroup(
                        "BIG-FOUR",
                        "五大行",
                        null,
                        null,
                        List.of("ICBC-ZJ", "ABC-ZJ", "BOC-ZJ", "CCB-ZJ", "BOCOM-ZJ"),
                        fixtures.officeStaff()));
                assertThat(groups.get("BIG-FOUR").name()).isEqualTo("五大行");
                assertThat(units.resolve(List.of("BIG-FOUR"))).hasSize(5);

                groups.delete("BIG-FOUR");
                assertThatThrownBy(() -> groups.get("BIG-FOUR")).isInstanceOf(UnitException.GroupNotFound.class);
            });
        }

        @Test
        void systemGroupsCannotBeEditedOrDeleted() {
            UnitFixtures.signedIn(fixtures.officeStaff(), () -> {
                assertThatThrownBy(() -> groups.redefine(new DefineGroup(
                                "TRUST_COMPANY", "x", null, null, List.of("HZB"), fixtures.officeStaff())))
                        .isInstanceOf(UnitException.SystemGroupReadOnly.class);
                assertThatThrownBy(() -> groups.delete("TRUST_COMPANY"))
                        .isInstanceOf(UnitException.SystemGroupReadOnly.class);
            });
            assertThat(groups.get("TRUST_COMPANY").name()).isEqualTo("信托公司");
        }

        @Test
        void aGroupCodeMayNotShadowAUnitGroupOrCategory() {
            UnitFixtures.signedIn(fixtures.officeStaff(), () -> {
                for (String code : new String[] {"HZB", "HQ-BANKS", "TRUST_COMPANY"}) {
                    assertThatThrownBy(() -> groups.create(
                                    new DefineGroup(code, "x", null, null, List.of("HZB"), fixtures.officeStaff())))
                            .isInstanceOfAny(UnitException.CodeTaken.class, UnitException.InvalidInput.class);
                }
            });
        }

        @Test
        void aGroupNeedsANameAndKnownUnits() {
            UnitFixtures.signedIn(
                    fixtures.officeStaff(),
                    () -> assertThatThrownBy(() -> groups.create(new DefineGroup(
                                    "NEW-ONE", " ", null, null, List.of("NOPE"), fixtures.officeStaff())))
                            .isInstanceOfSatisfying(
                                    UnitException.InvalidInput.class,
                                    e -> assertThat(e.violations())
                                            .extracting(UnitException.FieldViolation::field)
                                            .containsExactly("name", "unitCodes")));
        }

        @Test
        void onlyTheOfficeDefinesGroups() {
            for (Role role : Set.of(Role.UNIT_ADMIN, Role.SYSTEM_ADMIN, Role.DEPT_HEAD)) {
                var user = fixtures.user(role == Role.UNIT_ADMIN ? "HZB" : "ZJBRC", role);
                UnitFixtures.signedIn(
                        user,
                        () -> assertThatThrownBy(() ->
                                        groups.create(new DefineGroup("MINE", "x", null, null, List.of("HZB"), user)))
                                .isInstanceOf(AuthorizationDeniedException.class));
            }
            assertThat(Arrays.stream(UnitCategory.values()).map(Enum::name)).doesNotContain("MINE");
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
