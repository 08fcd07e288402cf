package io.runnel.client;

/**
 * Base of every failure the Runnel client reports. Subclasses name the conditions an application may want to
 * handle separately; the cause, when present, is the Kafka client exception underneath.
 */
public class RunnelClientException extends Exception {
    private static final long serialVersionUID = 1L;

    public RunnelClientException(String message) {
        super(message);
    }

    public RunnelClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A builder or argument was invalid (bad service URL, missing topic, wrong option combination). */
    public static class InvalidConfigurationException extends RunnelClientException {
        private static final long serialVersionUID = 1L;

        public InvalidConfigurationException(String message) {
            super(message);
        }
    }

    /** An Exclusive subscription already has a consumer (or the subscription is used with another type). */
    public static class ConsumerBusyException extends RunnelClientException {
        private static final long serialVersionUID = 1L;

        public ConsumerBusyException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The operation is not available for this subscription type (e.g. cumulative ack on Shared). */
    public static class NotSupportedException extends RunnelClientException {
        private static final long serialVersionUID = 1L;

        public NotSupportedException(String message) {
            super(message);
        }
    }

    /** The producer, consumer, reader or client was closed. */
    public static class AlreadyClosedException extends RunnelClientException {
        private static final long serialVersionUID = 1L;

        public AlreadyClosedException(String message) {
            super(message);
        }
    }

    /** The operation did not complete in time. */
    public static class TimeoutException extends RunnelClientException {
        private static final long serialVersionUID = 1L;

        public TimeoutException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
