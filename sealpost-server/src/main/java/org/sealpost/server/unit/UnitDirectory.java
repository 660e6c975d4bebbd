package org.sealpost.server.unit;

import java.util.List;
import java.util.Optional;

/** Looks units up for other capabilities. */
public interface UnitDirectory {

    Optional<UnitRef> findByCode(String code);

    Optional<UnitRef> findById(long id);

    /** Every active unit, ordered by category, then code. */
    List<UnitRef> all();
}
