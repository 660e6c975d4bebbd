package org.sealpost.server.identity;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityPolicyProperties.class, DemoProperties.class})
class IdentityConfig {}
