package io.vseg.runtime.pipeline;

/** A run stopped at a frame; the message names the sequence and the frame. */
public final class SequenceException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public SequenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
