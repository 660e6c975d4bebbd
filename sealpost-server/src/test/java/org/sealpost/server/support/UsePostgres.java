package org.sealpost.server.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.test.context.ContextConfiguration;

/**
 * Runs a Spring test against a real PostgreSQL (a fresh database on the shared embedded server)
 * instead of H2. Integration tests that must hold on both databases have an H2 subclass and a
 * {@code @UsePostgres} subclass of one abstract test.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@ContextConfiguration(initializers = EmbeddedPostgres.class)
public @interface UsePostgres {}
