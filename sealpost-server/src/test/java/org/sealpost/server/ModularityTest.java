package org.sealpost.server;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTest {

    @Test
    void businessCapabilitiesRespectTheirBoundaries() {
        ApplicationModules.of(SealPostApplication.class).verify();
    }
}
