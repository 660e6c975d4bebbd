-- E-mail notifications (issue 6 item 8): a unit contact may have an e-mail address; every contact
-- with one receives the unit's document notifications by e-mail.
ALTER TABLE unit_contact ADD COLUMN email VARCHAR(254);
