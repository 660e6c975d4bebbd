package org.sealpost.server.unit;

import java.time.Instant;

/** A unit whose roster was last confirmed before the cut-off, or never ({@code confirmedAt} null). */
public record StaleRoster(UnitRef unit, Instant confirmedAt) {}
