package io.soakrig.stubs.perimeter;

import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.soakrig.profile.RetryCondition;
import io.soakrig.profile.Route;
import io.soakrig.profile.RouteRetryPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Envoy's router filter: picks the cluster by path prefix, sends the request, and retries it
 * according to the route's retry policy — {@code retry_on} conditions, {@code num_retries},
 * jittered exponential back-off, {@code per_try_timeout} and the overall route timeout — within
 * the cluster's circuit breakers and retry budget.
 *
 * <p>Outcomes as Envoy reports them: no route 404; request circuit breaker or connection-pool
 * overflow 503 with {@code x-envoy-overloaded: true}; route timeout 504; no response on the last
 * try 503 ("upstream connect error or disconnect/reset before headers").
 */
final class Router {
    /** A cluster with its breakers and its request counter, as the router sees it. */
    record Target(UpstreamCluster cluster, ClusterBreakers breakers, CounterDataPoint requests) {
    }

    private final List<Route> routes;
    private final Map<String, Target> clusters;
    private final RouteRetryPolicy policy;
    private final RetryBackoff backoff;
    private final PerimeterStats stats;

    Router(List<Route> routes, Map<String, Target> clusters, RouteRetryPolicy policy, RetryBackoff backoff, PerimeterStats stats) {
        this.routes = routes;
        this.clusters = clusters;
        this.policy = policy;
        this.backoff = backoff;
        this.stats = stats;
    }

    /** Routes {@code request} (owned by the caller) and hands the response to {@code reply} on {@code loop}. */
    void route(FullHttpRequest request, String path, EventLoop loop, Consumer<FullHttpResponse> reply) {
        Route route = routeOf(path);
        if (route == null) {
            reply.accept(local(HttpResponseStatus.NOT_FOUND, "no route", false));
            return;
        }
        Target target = clusters.get(route.cluster());
        String name = target.cluster().name();
        if (!target.breakers().tryStartRequest()) {
            stats.upstreamRqPendingOverflow.labelValues(name).inc();
            reply.accept(local(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream overflow", true));
            return;
        }
        long deadline = System.nanoTime() + policy.timeout().toNanos();
        new Attempts(request, target, deadline, loop, response -> {
            target.breakers().endRequest();
            reply.accept(response);
        }).next(0);
    }

    private Route routeOf(String path) {
        for (Route r : routes) {
            if (path.startsWith(r.prefix())) {
                return r;
            }
        }
        return null;
    }

    /** The tries of one request. */
    private final class Attempts {
        private final FullHttpRequest request;
        private final Target target;
        private final long deadline;
        private final EventLoop loop;
        private final Consumer<FullHttpResponse> done;

        Attempts(FullHttpRequest request, Target target, long deadline, EventLoop loop, Consumer<FullHttpResponse> done) {
            this.request = request;
            this.target = target;
            this.deadline = deadline;
            this.loop = loop;
            this.done = done;
        }

        void next(int retry) {
            String name = target.cluster().name();
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                timedOut();
                return;
            }
            long perTry = policy.perTryTimeout() == null ? remaining : Math.min(remaining, policy.perTryTimeout().toNanos());
            target.requests().inc();
            target.cluster().send(request, Duration.ofNanos(perTry), loop, t -> {
                if (retry > 0) {
                    target.breakers().endRetry();
                }
                if (t.failure() == UpstreamCluster.Try.Failure.PENDING_OVERFLOW) {
                    stats.upstreamRqPendingOverflow.labelValues(name).inc();
                    done.accept(local(HttpResponseStatus.SERVICE_UNAVAILABLE, "upstream overflow", true));
                    return;
                }
                if (t.failure() == UpstreamCluster.Try.Failure.PER_TRY_TIMEOUT) {
                    stats.upstreamRqPerTryTimeout.labelValues(name).inc();
                }
                if (t.failure() == UpstreamCluster.Try.Failure.CONNECT_FAILURE) {
                    stats.upstreamCxConnectFail.labelValues(name).inc();
                }
                if (!retriable(t)) {
                    if (retry > 0 && t.response() != null) {
                        stats.upstreamRqRetrySuccess.labelValues(name).inc();
                    }
                    finish(t, retry);
                    return;
                }
                if (retry >= policy.numRetries() || System.nanoTime() >= deadline) {
                    finish(t, retry);
                    return;
                }
                if (!target.breakers().tryStartRetry()) {
                    stats.upstreamRqRetryOverflow.labelValues(name).inc();
                    finish(t, retry);
                    return;
                }
                release(t);
                stats.upstreamRqRetry.labelValues(name).inc();
                loop.schedule(() -> next(retry + 1), backoff.delayNanos(retry + 1), TimeUnit.NANOSECONDS);
            });
        }

        private boolean retriable(UpstreamCluster.Try t) {
            List<RetryCondition> on = policy.retryOn();
            if (t.response() == null) {
                return switch (t.failure()) {
                    case CONNECT_FAILURE -> on.contains(RetryCondition.CONNECT_FAILURE) || on.contains(RetryCondition.FIVE_XX)
                            || on.contains(RetryCondition.GATEWAY_ERROR);
                    case RESET -> on.contains(RetryCondition.RESET) || on.contains(RetryCondition.FIVE_XX);
                    case PER_TRY_TIMEOUT -> on.contains(RetryCondition.FIVE_XX) || on.contains(RetryCondition.GATEWAY_ERROR);
                    case PENDING_OVERFLOW -> false;
                };
            }
            int status = t.response().status().code();
            return (on.contains(RetryCondition.FIVE_XX) && status >= 500)
                    || (on.contains(RetryCondition.GATEWAY_ERROR) && (status == 502 || status == 503 || status == 504))
                    || (on.contains(RetryCondition.RETRIABLE_STATUS_CODES) && policy.retriableStatusCodes().contains(status));
        }

        private void finish(UpstreamCluster.Try t, int retries) {
            if (t.response() != null) {
                if (t.response().status().code() >= 500) {
                    stats.upstreamRqFailed.labelValues(target.cluster().name()).inc();
                }
                done.accept(t.response());
            } else if (System.nanoTime() >= deadline) {
                timedOut();
            } else {
                stats.upstreamRqFailed.labelValues(target.cluster().name()).inc();
                done.accept(local(HttpResponseStatus.SERVICE_UNAVAILABLE,
                        "upstream connect error or disconnect/reset before headers", false));
            }
        }

        private void timedOut() {
            stats.upstreamRqTimeout.labelValues(target.cluster().name()).inc();
            done.accept(local(HttpResponseStatus.GATEWAY_TIMEOUT, "upstream request timeout", false));
        }

        private void release(UpstreamCluster.Try t) {
            if (t.response() != null) {
                t.response().release();
            }
        }
    }

    static FullHttpResponse local(HttpResponseStatus status, String body, boolean overloaded) {
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain");
        if (overloaded) {
            response.headers().set("x-envoy-overloaded", "true");
        }
        return response;
    }
}
