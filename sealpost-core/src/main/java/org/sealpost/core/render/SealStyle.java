package org.sealpost.core.render;

/** How electronic seals appear on rendered pages. */
public enum SealStyle {
    /** As stamped: the red seal picture. For viewing and numbered print copies. */
    AS_STAMPED,
    /** Desaturated to grey: shows where the seal was without the seal's authority (脱密). */
    GREY,
    /** Not drawn at all. */
    HIDDEN
}
