package org.sealpost.server.unit;

/** A unit as other capabilities see it: identity, code (the CLI and API key), name, category. */
public record UnitRef(long id, String code, String name, UnitCategory category) {}
