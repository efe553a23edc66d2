package io.soakrig.profile;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The kinds of target stub: the services of the seed incidents' topology. The id is what profiles
 * and {@code soakrig stub ROLE} use.
 */
public enum StubRole implements Keyword {
    /** A generic backend answering every path. */
    BACKEND,
    /** The metadata database: every query holds one of a bounded pool of connections. */
    METADATA_DB,
    /** Logins and token validation; each is a database query. */
    AUTH,
    /** Audio streaming; validates every request with auth. */
    STREAM,
    /** Playlists, served from the metadata cache. */
    PLAYLIST,
    /** Search, served from the metadata cache. */
    SEARCH,
    /** Recommendations from the metadata cache, building a per-user context per request. */
    RECOMMENDATION,
    /** The edge proxy in front of everything, imitating Envoy. */
    PERIMETER;

    /** The role as written in profiles: lower case with dashes. */
    @JsonValue
    @Override
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The role with this id, or an error listing the known ones. */
    @JsonCreator
    public static StubRole of(String id) {
        return Arrays.stream(values()).filter(r -> r.id().equals(id)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown stub role '" + id + "'; known roles: " + ids()));
    }

    /**
     * The role this stub calls on every request, if any: auth for stream, the metadata database
     * for auth and the metadata services. (The perimeter's upstreams follow from its routes and
     * filters instead.) A stub of this role cannot start without one.
     */
    public Optional<StubRole> dependency() {
        return switch (this) {
            case STREAM -> Optional.of(AUTH);
            case AUTH, PLAYLIST, SEARCH, RECOMMENDATION -> Optional.of(METADATA_DB);
            case BACKEND, METADATA_DB, PERIMETER -> Optional.empty();
        };
    }

    public static String ids() {
        return Arrays.stream(values()).map(StubRole::id).collect(Collectors.joining(", "));
    }
}
