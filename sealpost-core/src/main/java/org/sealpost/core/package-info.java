/** SealPost core: plain Java crypto, tokens, envelope and signed statements. No Spring here. */
package org.sealpost.core;
