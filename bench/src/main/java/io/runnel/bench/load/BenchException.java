package io.runnel.bench.load;

/** A run-time failure of a benchmark (broker unreachable, topic missing, child process failed): exit code 1. */
public class BenchException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BenchException(String message) {
        super(message);
    }

    public BenchException(String message, Throwable cause) {
        super(message, cause);
    }
}
