package org.sealpost.server.checkin;

import org.sealpost.server.calendar.WorkingCalendar;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckInProperties.class)
@EnableScheduling
class CheckInConfig {

    /** Working days from the working-day calendar: weekends, holidays and 调休 working weekends. */
    @Bean
    WorkingDays workingDays(WorkingCalendar calendar) {
        return calendar::isWorkingDay;
    }
}
