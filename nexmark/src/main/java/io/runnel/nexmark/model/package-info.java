/** The Nexmark events (persons, auctions, bids) as they appear, as JSON, on the {@code nexmark-*} topics. */
package io.runnel.nexmark.model;
