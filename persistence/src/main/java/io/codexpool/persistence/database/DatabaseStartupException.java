package io.codexpool.persistence.database;

/**
 * The database could not be reached or migrated; its message is the one line an operator needs to read.
 */
public class DatabaseStartupException extends RuntimeException {
    public DatabaseStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
