package org.sealpost.server.support;

import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Puts every Spring test context on PostgreSQL when the JVM runs with {@code
 * -Dsealpost.test.database=postgres}. The build runs the integration tests twice — once on H2,
 * once with this property — so each of them holds on both databases (registered in {@code
 * META-INF/spring.factories}).
 */
public final class DatabaseSelection implements ContextCustomizerFactory {

    static final String PROPERTY = "sealpost.test.database";

    @Override
    public ContextCustomizer createContextCustomizer(
            Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return "postgres".equals(System.getProperty(PROPERTY)) ? new OnPostgres() : null;
    }

    /** A record, so equal customizers share the cached context. */
    record OnPostgres() implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration merged) {
            new EmbeddedPostgres().initialize(context);
        }
    }
}
