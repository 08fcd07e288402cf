/** The load tool ({@code ./runnel bench}), JMH benchmarks and the side-by-side harness. */
package io.runnel.bench;
