package org.sealpost.server.unit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code sealpost.roster.*}.
 *
 * @param staleAfter a unit whose roster was last confirmed longer ago than this (or never) is listed
 *     for the regulator office as overdue (default 90 days)
 */
@ConfigurationProperties("sealpost.roster")
public record RosterProperties(@DefaultValue("90d") Duration staleAfter) {}
