/** JMH benchmarks. */
package org.sealpost.bench;
