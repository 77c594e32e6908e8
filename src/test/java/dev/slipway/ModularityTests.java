package dev.slipway;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

    @Test
    void modulesOnlyUseEachOthersPublicSurfaceAndHaveNoCycles() {
        ApplicationModules.of(SlipwayApplication.class).verify();
    }
}
