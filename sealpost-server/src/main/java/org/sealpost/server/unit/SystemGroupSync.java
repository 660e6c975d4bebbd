package org.sealpost.server.unit;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Keeps one system recipient group per {@link UnitCategory}. Members are derived from the units'
 * categories, so only the group rows need keeping; runs at every start, before the demo data.
 */
@Component
@Order(5)
class SystemGroupSync implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SystemGroupSync.class);

    private final RecipientGroupStore store;
    private final Clock clock;

    SystemGroupSync(RecipientGroupStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    @Transactional
    public void run(ApplicationArguments args) {
        int created = 0;
        for (UnitCategory category : UnitCategory.values()) {
            if (store.ensureCategoryGroup(category, clock.instant())) {
                created++;
            }
        }
        if (created > 0) {
            log.info("Created {} system recipient groups", created);
        }
    }
}
