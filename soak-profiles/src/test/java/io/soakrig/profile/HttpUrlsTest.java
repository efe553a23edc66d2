package io.soakrig.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A host spelt so that resolvers disagree is refused, and the message says so rather than blaming the URL or DNS. */
class HttpUrlsTest {
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://localhost:9/", "http://10.0.0.255/metrics", "http://[::1]:80",
        "http://0.0.0.0:1", "http://evil.example/", "http://a1.example.com:8080", "http://0x7f.example/"})
    void aNameOrACanonicalAddressIsFine(String url) {
        assertThat(HttpUrls.problem(URI.create(url))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "http://127.1:80|host '127.1' is a non-canonical IPv4 literal, which resolvers read differently (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1",
        "http://0x7f000001:80|host '0x7f000001' is a non-canonical IPv4 literal, which resolvers read differently (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1",
        "http://2130706433/|host '2130706433' is a non-canonical IPv4 literal, which resolvers read differently (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1",
        "http://0177.0.0.1/|host '0177.0.0.1' is a non-canonical IPv4 literal, which resolvers read differently (the C library's inet_aton reads 127.0.0.1, others a host name or nothing); write 127.0.0.1",
        "http://127.0.0.010/|host '127.0.0.010' is a non-canonical IPv4 literal, which resolvers read differently (the C library's inet_aton reads 127.0.0.8, others a host name or nothing); write 127.0.0.8",
        "http://0x0a.1/|host '0x0a.1' is a non-canonical IPv4 literal, which resolvers read differently (the C library's inet_aton reads 10.0.0.1, others a host name or nothing); write 10.0.0.1",
        "http://127.0.0.1.:80/|host '127.0.0.1.' is an IPv4 address with a trailing dot, which resolvers read differently (as 127.0.0.1, or as a host name to look up); write 127.0.0.1",
        "http://300.1.1.1/|host '300.1.1.1' is not an IPv4 address (write four decimal parts 0..255, e.g. 127.0.0.1) and, all numeric, cannot be a host name",
        "http://1.2.3.4.5/|host '1.2.3.4.5' is not an IPv4 address (write four decimal parts 0..255, e.g. 127.0.0.1) and, all numeric, cannot be a host name",
        "https://127.0.0.1/|must be an http:// URL with a host, was 'https://127.0.0.1/'",
        "http:/path|must be an http:// URL with a host, was 'http:/path'",
    })
    void aHostSpeltAmbiguouslyIsRefusedSayingWhy(String url, String message) {
        assertThat(HttpUrls.problem(URI.create(url))).contains(message);
    }

    @org.junit.jupiter.api.Test
    void theProfilesCopyKeepsEveryLineButNoRedisPassword() {
        String profile = """
                targets:
                  theirs:
                    url: redis://:s3cret@127.0.0.1:6379   # their Redis
                  other: { url: "redis://user:p%40ss@10.0.0.1" }
                  started:
                    url: redis://127.0.0.1:6380
                  web: { url: http://127.0.0.1:8080 }
                """;

        assertThat(HttpUrls.withoutRedisPasswords(profile)).isEqualTo("""
                targets:
                  theirs:
                    url: redis://***@127.0.0.1:6379   # their Redis
                  other: { url: "redis://***@10.0.0.1" }
                  started:
                    url: redis://127.0.0.1:6380
                  web: { url: http://127.0.0.1:8080 }
                """);
    }
}
