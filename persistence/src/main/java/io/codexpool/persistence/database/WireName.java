package io.codexpool.persistence.database;

/**
 * An enum constant with the lower-case name it has in the database, the JSON API and the admin site.
 */
public interface WireName {
    String wireName();

    static <E extends Enum<E> & WireName> E parse(Class<E> type, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.wireName().equalsIgnoreCase(value)) {
                return constant;
            }
        }
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + value + "'");
    }
}
