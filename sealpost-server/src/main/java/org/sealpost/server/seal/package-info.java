/**
 * Electronic seals (issue 4; seed 第二十二至二十五条): seal-making requests and the regulator
 * office's review, the seal record signed by the regulator as seal maker, seal keys in stored
 * tokens under the custodian's seal PIN (five wrong PINs lock), stamping and verifying PDF and
 * OFD, custody transfers with the director's approval (the seal transfer register), loss and
 * damage reports that revoke at once, destruction, and the seal register.
 */
package org.sealpost.server.seal;
