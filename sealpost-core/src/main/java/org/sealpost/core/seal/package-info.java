/**
 * Electronic seals (电子印章): drawing the round red seal, the GB/T 38540 seal record signed by the
 * regulator as seal maker, stamping PDF and OFD documents, and verifying stamped documents.
 *
 * <p>Every private-key operation goes through {@link org.sealpost.core.seal.SealKey}; this package
 * never asks for a PIN or holds a token. Refusals are {@link org.sealpost.core.seal.SealException}s
 * with a stable {@link org.sealpost.core.seal.SealProblem} code; verification returns a {@link
 * org.sealpost.core.seal.SealVerificationReport} instead of throwing.
 */
package org.sealpost.core.seal;
