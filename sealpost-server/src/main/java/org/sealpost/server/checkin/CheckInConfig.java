package org.sealpost.server.checkin;

import java.time.DayOfWeek;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CheckInProperties.class)
@EnableScheduling
class CheckInConfig {

    /** Monday to Friday, until the working-day calendar provides holidays and working weekends. */
    @Bean
    @ConditionalOnMissingBean(WorkingDays.class)
    WorkingDays weekdays() {
        return day -> day.getDayOfWeek() != DayOfWeek.SATURDAY && day.getDayOfWeek() != DayOfWeek.SUNDAY;
    }
}
