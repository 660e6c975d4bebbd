/** The sealpost command line. */
package org.sealpost.cli;
