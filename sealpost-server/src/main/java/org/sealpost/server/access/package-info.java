/**
 * Who is asking: the signed-in principal and the roles it holds. Every capability authorises on
 * these types; they depend on nothing else in the application, so identity (which signs people in)
 * and unit (which identity looks up) can both use them without a cycle.
 */
package org.sealpost.server.access;
