package io.codexpool.persistence.database;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the database is: an external MariaDB when a URL is given, else the embedded one in the data directory.
 */
public record DatabaseSettings(Optional<String> url,
                               String user,
                               String password,
                               Path dataDir,
                               int embeddedPort,
                               int poolSize,
                               Duration connectTimeout) {
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO_IN_URL = Pattern.compile("//([^/:@]+):[^/@]*@");

    public boolean embedded() {
        return url.isEmpty();
    }

    /** The URL with any password in it masked, fit for a log line or an error message. */
    public static String maskedUrl(String url) {
        String masked = PASSWORD_IN_URL.matcher(url).replaceAll("$1***");
        return USER_INFO_IN_URL.matcher(masked).replaceAll("//$1:***@");
    }
}
