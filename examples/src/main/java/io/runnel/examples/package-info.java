/** Example pipelines, runnable with {@code ./runnel pipeline run NAME}. */
package io.runnel.examples;
