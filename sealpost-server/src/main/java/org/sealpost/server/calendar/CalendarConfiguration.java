package org.sealpost.server.calendar;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({CalendarProperties.class, DeadlineProperties.class})
@EnableScheduling
class CalendarConfiguration {}
