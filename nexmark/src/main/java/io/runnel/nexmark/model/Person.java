package io.runnel.nexmark.model;

/** A person registering with the auction site (topic {@code nexmark-person}, keyed by id). */
public record Person(long id, String name, String emailAddress, String creditCard, String city, String state,
                     long dateTime, String extra) implements Event {
    @Override
    public long key() {
        return id;
    }
}
