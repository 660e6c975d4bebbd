package org.sealpost.server.identity;

import java.util.Map;
import org.sealpost.server.access.Role;

/**
 * Extra fields that other capabilities add to a demo account's record in {@code
 * data/demo-accounts.json} (for example the unit PIN, {@code pin}). Implementations run before
 * the accounts file is written (demo loaders ordered below 20); the standard fields (username,
 * role, unit, unitName, password) always come first and cannot be overridden.
 */
public interface DemoAccountFields {

    /** Field name to string value for this account; empty when none. */
    Map<String, String> fieldsFor(String username, Role role, String unitCode);
}
