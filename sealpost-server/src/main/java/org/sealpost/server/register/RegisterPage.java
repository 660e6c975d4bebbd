package org.sealpost.server.register;

import java.util.List;

/** One page of a register, newest first; {@code nextOffset} is null on the last page. */
public record RegisterPage<T>(List<T> items, int offset, int limit, Integer nextOffset) {}
