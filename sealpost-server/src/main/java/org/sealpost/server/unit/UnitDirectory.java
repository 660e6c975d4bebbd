package org.sealpost.server.unit;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Looks units up for other capabilities, and turns a recipient scope into units. */
public interface UnitDirectory {

    Optional<UnitRef> findByCode(String code);

    Optional<UnitRef> findById(long id);

    /** Every active unit, ordered by category, then code. */
    List<UnitRef> all();

    /**
     * The units a recipient scope names, without duplicates, ordered by category then code. Each
     * code is a unit code, a recipient group code or a {@link UnitCategory} name (the code of its
     * system group); codes are matched ignoring case and surrounding blanks. Only active units are
     * returned.
     *
     * @throws UnitException.UnknownRecipient for the first code that names nothing
     */
    List<UnitRef> resolve(Collection<String> unitOrGroupCodes);

    /**
     * The contacts of a unit who receive SMS alerts and have a mobile number, in roster order; empty
     * for an unknown unit. Full numbers: for sending, never for display.
     */
    List<SmsContact> smsContacts(String unitCode);

    /**
     * The contacts of a unit who have an e-mail address, in roster order; empty for an unknown unit.
     * Full addresses: for sending, never for display.
     */
    List<EmailContact> emailContacts(String unitCode);
}
