/**
 * The system CA and key custody (issue 4, DESIGN.md §4): the master key outside the database,
 * server-held stored tokens (JDBC), the regulator's root CA, each unit's signing and encryption
 * certificates with the unit PIN, renewal, revocation and the CRL, one-time IC-card downloads, and
 * expiry alerts. The API is this package's public types; web and REST controllers live in
 * sub-packages.
 */
package org.sealpost.server.pki;
