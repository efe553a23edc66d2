package io.soakrig.analysis.leak;

import io.soakrig.analysis.leak.TrendStatistics.Trend;
import org.apache.commons.math3.distribution.NormalDistribution;
import java.util.ArrayList;
import java.util.List;

/**
 * Calls a memory leak — or its absence — as early as the data allow, with a bounded false-alarm
 * rate.
 *
 * <p>How a series of memory readings is judged, at every look (looks come as floor points
 * accumulate, spaced geometrically):
 * <ol>
 *   <li>Readings before {@code warmUpSeconds} are dropped: start-up fills caches and pools.</li>
 *   <li>The rest is reduced to its floor ({@link MemoryFloor}): one point per collection cycle
 *   read off a sawtooth, or per window of {@code windowSeconds} for a series without one, so
 *   garbage does not look like growth.</li>
 *   <li>The most recent floor points (at most {@code maxWindows}) are split into two halves and
 *   the Theil–Sen slope of each is estimated with a confidence interval, widened for the
 *   points' autocorrelation ({@link TrendStatistics}).</li>
 *   <li>LEAK when, over at least {@code minSpanSeconds}, both halves grow faster than
 *   {@code minLeakMBPerMin} with confidence and the
 *   recent half keeps growing at least {@link #STEADY_GROWTH_RATIO} as fast as the older one (and
 *   not significantly slower): growth must be sustained,
 *   so a one-time step is not a leak, and a cache filling up towards a plateau, whose growth
 *   decelerates, is not either. NO_LEAK when the recent half grows slower than
 *   {@code minLeakMBPerMin} with confidence. UNDECIDED otherwise.</li>
 * </ol>
 * Look {@code k} tests at level α·6/(π²k²); these sum to at most α over any number of looks, so
 * the chance that a run without a leak is ever called LEAK is at most {@code falseAlarmRate},
 * however long it runs and however often it is judged. Looks with too few windows to decide
 * anything at their level are skipped and do not count. Which looks are taken — the scheduled
 * ones only, or those and one last look at the end of the run — the caller says ({@link Look}).
 * A canary's excess over its baseline must meet three more conditions before it is called LEAK
 * ({@link #excessLeaks}): only ever fewer LEAKs. Once a look has withheld a canary's LEAK, later
 * looks call NO_LEAK only on bounds widened for serial correlation as well, so that withholding a
 * LEAK can never let a leak that climbs in sparse steps through as NO_LEAK instead.
 */
public final class LeakDetector {
    /** What is known at one look. */
    public enum Decision { UNDECIDED, LEAK, NO_LEAK }

    /**
     * Which looks a judgement takes: whether the series it is given is the whole run, ended, or
     * what a run still going has recorded so far.
     *
     * <p>The scheduled looks come at floor counts fixed in advance, each {@link #LOOK_GROWTH}
     * times the one before, so the floors after the last of them — up to a tenth of them, and
     * more of the run's time where floors come unevenly (a heap-after-GC gauge that changes only
     * at collections: 19 % of a corpus recording's 8 minutes) — are seen by no look. A run's
     * verdict formed from the scheduled looks alone would leave its end unjudged: a target called NO_LEAK at the last scheduled look that starts leaking in the
     * final minute would keep NO_LEAK, and a {@code noLeak} gate would pass it. So the verdict at
     * the end takes one more look, with every floor.
     *
     * <p>That extra look is look {@code k+1} after {@code k} scheduled ones, at level
     * α·6/(π²(k+1)²): within the budget, because it is taken once, when the series can grow no
     * more. A judge that runs again as data arrive (the harness's live judge) must not take it:
     * each of its calls would add another look at level α·6/(π²(k+1)²) on a little more data, an
     * unbounded number of tests at one level, and the false-alarm bound would no longer hold.
     */
    public enum Look {
        /**
         * The scheduled looks only: for a series that may still grow, judged again and again as
         * it does (the live judge; {@code report} on a run still going).
         */
        SCHEDULED_ONLY,
        /**
         * The scheduled looks and, when floors came after the last of them, one more with every
         * floor (if it is informative): for the verdict at a run's real end,
         * formed once from the whole series.
         */
        FINAL_AT_END
    }

    /**
     * @param warmUpSeconds     readings before this are ignored, >= 0
     * @param windowSeconds     window over which the minimum is taken when the series shows no
     *                          sawtooth, > 0
     * @param minLeakMBPerMin   growth that counts as a leak, > 0 (smaller growth is not worth a call)
     * @param falseAlarmRate    bound on the probability of ever calling a non-leak LEAK, in (0, 0.5)
     * @param minWindowsPerHalf fewest windows in each half before any call, >= 3
     * @param maxWindows        most recent windows considered, >= 2 × minWindowsPerHalf
     * @param minSpanSeconds    least time the two halves must cover before LEAK can be called, >= 0:
     *                          a cache filling over minutes grows like a leak at first, and only a
     *                          long enough look shows it slowing down
     */
    public record Config(double warmUpSeconds, double windowSeconds, double minLeakMBPerMin, double falseAlarmRate,
                         int minWindowsPerHalf, int maxWindows, double minSpanSeconds) {
        public static final Config DEFAULTS = new Config(20, 2, 1.0, 0.01, 4, 600, 180);

        public Config {
            if (warmUpSeconds < 0 || !(windowSeconds > 0) || !(minLeakMBPerMin > 0)
                    || !(falseAlarmRate > 0 && falseAlarmRate < 0.5) || minWindowsPerHalf < 3
                    || maxWindows < 2 * minWindowsPerHalf || minSpanSeconds < 0) {
                throw new IllegalArgumentException("invalid leak detector configuration: " + this);
            }
        }
    }

    /**
     * The state of knowledge at one look.
     *
     * @param decision   what can be said
     * @param trend      the recent half's trend, MB per minute (null before any look)
     * @param atSeconds  the time of the look
     * @param look       which look (1-based; 0 before the first)
     * @param floor      how the series' floor was found
     * @param cycleSeconds the sawtooth's cycle, or the window, the floor was taken over
     * @param spanSeconds the time the recent half covers (0 before the first look)
     */
    public record Assessment(Decision decision, Trend trend, double atSeconds, int look, MemoryFloor.Method floor,
                             double cycleSeconds, double spanSeconds) {
        /**
         * When memory, at {@code fromMB} at {@code fromSeconds}, reaches {@code limitMB} at the
         * recent slope, in seconds since the series began; null when it does not grow.
         */
        public Double projectedLimitAtSeconds(double fromSeconds, double fromMB, double limitMB) {
            if (trend == null || !(trend.slope() > 0)) {
                return null;
            }
            return fromSeconds + Math.max(0, limitMB - fromMB) / trend.slope() * 60;
        }

        /**
         * About how much longer, in seconds, the series would have to go on at the noise seen so
         * far before this undecided look could decide, or null when it cannot be said (no trend
         * yet, or growth right at the threshold, which no length of run separates from it). A
         * trend's interval narrows as the span it covers grows to the power 3/2 (the slope's
         * standard error over equally spaced points), so the interval's half-width {@code h} at
         * span {@code T} reaches the distance {@code d} between the slope and the threshold at
         * {@code T·(h/d)^(2/3)}.
         */
        public Double moreSecondsNeeded(double thresholdMBPerMin) {
            if (decision != Decision.UNDECIDED || trend == null || !(spanSeconds > 0)) {
                return null;
            }
            double distance = Math.abs(trend.slope() - thresholdMBPerMin);
            double halfWidth = trend.slope() > thresholdMBPerMin ? trend.slope() - trend.lower() : trend.upper() - trend.slope();
            if (!(distance > 0) || !Double.isFinite(halfWidth)) {
                return null;
            }
            return Math.max(0, spanSeconds * Math.pow(halfWidth / distance, 2.0 / 3) - spanSeconds);
        }
    }

    /**
     * A leak's growth holds steady: the recent half must grow at least this fraction as fast as
     * the older half. A cache approaching its plateau slows down by more than that between halves.
     */
    static final double STEADY_GROWTH_RATIO = 0.7;
    /** Growth of the data between two looks. */
    static final double LOOK_GROWTH = 1.1;
    /**
     * One-sided significance at which a canary's growth is found {@link #slowing slowing down}.
     */
    static final double SLOWING_SIGNIFICANCE = 0.05;

    private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

    private final Config config;

    public LeakDetector(Config config) {
        this.config = config;
    }

    /**
     * Replays the series look by look, as a live run would have judged it, and with
     * {@link Look#FINAL_AT_END} takes the run's last look too. The answer is the
     * first LEAK if any look called one (a sequential test stops there); otherwise the last
     * look's decision, dated from the first look of the unbroken run of that decision that ends
     * the series. Seconds must increase.
     *
     * @param looks whether {@code seconds} and {@code mb} are a whole run, ended, or a run's
     *              series so far (see {@link Look})
     */
    public Assessment judge(double[] seconds, double[] mb, Look looks) {
        MemoryFloor.Floors floors = MemoryFloor.of(seconds, mb, config.warmUpSeconds(), config.windowSeconds());
        return judgeFloors(floors, seconds.length == 0 ? 0 : seconds[seconds.length - 1], true, looks);
    }

    /**
     * Judges floor points already taken (e.g. the difference of two arms' floors), look by look
     * as {@link #judge} does.
     *
     * @param endSeconds the time of the last reading the floors came from
     * @param serial     true for one target's floors: every trend interval is widened for serially
     *                   correlated floors when the correlation is significant (see
     *                   {@link TrendStatistics}). False for a canary's excess over its baseline,
     *                   which once both arms plateau is a flat run of repeated steps whose rank
     *                   autocorrelation near 1 would leave no interval at all: there only the
     *                   bounds that claim a leak are widened, and a LEAK must pass further checks
     *                   (see {@link #excessLeaks})
     * @param looks      whether the floors are a whole run's, ended, or a run's so far (see {@link Look})
     */
    public Assessment judgeFloors(MemoryFloor.Floors floors, double endSeconds, boolean serial, Look looks) {
        List<double[]> windows = floors.points();
        Assessment last = new Assessment(Decision.UNDECIDED, null, endSeconds, 0, floors.method(), floors.cycleSeconds(), 0);
        Assessment runStart = last;
        int look = 0;
        boolean withheld = false;
        for (int complete : lookPoints(windows.size(), looks)) {
            if (!informative(Math.min(complete, config.maxWindows()) / 2, look + 1)) {
                continue;
            }
            Judged judged = assess(windows.subList(Math.max(0, complete - config.maxWindows()), complete), ++look, floors, serial,
                    withheld);
            withheld |= judged.withheld();
            Assessment a = judged.assessment();
            if (a.decision() == Decision.LEAK) {
                return a;
            }
            if (a.decision() != runStart.decision()) {
                runStart = a;
            }
            last = a;
        }
        return last.trend() == null ? last
                : new Assessment(last.decision(), last.trend(), runStart.atSeconds(), last.look(), last.floor(),
                        last.cycleSeconds(), last.spanSeconds());
    }

    /**
     * Whether halves of {@code n} windows can bound a trend at the level of look {@code look}:
     * with too few points, even a perfectly monotone half leaves Sen's interval unbounded, and
     * such a look could decide nothing. It is skipped and spends none of the false-alarm budget,
     * which is left for the looks that can use it. This depends on {@code n} alone, never on the
     * data, so the bound on false alarms still holds.
     */
    boolean informative(int n, int look) {
        double alpha = alpha(look);
        double z = STANDARD_NORMAL.inverseCumulativeProbability(1 - alpha);
        double pairs = n * (n - 1) / 2.0;
        double sd = Math.sqrt(n * (n - 1.0) * (2.0 * n + 5) / 18.0);
        return Math.floor((pairs - z * sd) / 2) >= 1;
    }

    /** One-sided level of look {@code k}: α·6/(π²k²), which sums to α over every look. */
    private double alpha(int look) {
        return config.falseAlarmRate() * 6 / (Math.PI * Math.PI * look * (double) look);
    }

    /**
     * Looks are spaced geometrically (each at {@link #LOOK_GROWTH} times the windows of the one
     * before): the number of looks grows with the logarithm of the run's length, so each look
     * spends a larger share of the false-alarm budget than a look at every window would.
     */
    private static int nextLook(int windows) {
        return Math.max(windows + 1, (int) Math.ceil(windows * LOOK_GROWTH));
    }

    /**
     * The floor counts at which looks fall for a series of {@code windows} floors: the scheduled
     * ones up to {@code windows}, and with {@link Look#FINAL_AT_END} {@code windows} itself when
     * floors came after the last scheduled one (and there are enough for any look at all).
     */
    private List<Integer> lookPoints(int windows, Look looks) {
        List<Integer> points = new ArrayList<>();
        int first = 2 * config.minWindowsPerHalf();
        for (int complete = first; complete <= windows; complete = nextLook(complete)) {
            points.add(complete);
        }
        if (looks == Look.FINAL_AT_END && windows >= first && points.get(points.size() - 1) < windows) {
            points.add(windows);
        }
        return points;
    }

    /**
     * One look's assessment, and whether a canary's LEAK was withheld at it ({@link #excessLeaks}).
     */
    private record Judged(Assessment assessment, boolean withheld) {
    }

    /**
     * @param afterWithheld whether an earlier look withheld a canary's LEAK: NO_LEAK then also
     *                      needs the recent half's bound widened for serial correlation
     */
    private Judged assess(List<double[]> windows, int look, MemoryFloor.Floors floors, boolean serial, boolean afterWithheld) {
        double at = windows.get(windows.size() - 1)[0];
        int half = windows.size() / 2;
        if (half < config.minWindowsPerHalf()) {
            return new Judged(new Assessment(Decision.UNDECIDED, null, at, look, floors.method(), floors.cycleSeconds(), 0), false);
        }
        double confidence = 1 - 2 * alpha(look);
        List<double[]> lookWindows = windows.subList(windows.size() - 2 * half, windows.size());
        List<double[]> olderHalf = lookWindows.subList(0, half);
        List<double[]> recentHalf = lookWindows.subList(half, 2 * half);
        Trend older = trend(olderHalf, confidence, serial);
        Trend recent = trend(recentHalf, confidence, serial);
        double threshold = config.minLeakMBPerMin();
        double span = at - lookWindows.get(0)[0];
        boolean sustained = older.lower() > threshold && recent.lower() > threshold && span >= config.minSpanSeconds();
        Decision decision = sustained && !decelerating(older, recent) ? Decision.LEAK
                : recent.upper() < threshold ? Decision.NO_LEAK
                : Decision.UNDECIDED;
        boolean withheld = false;
        if (decision == Decision.LEAK && !serial && !excessLeaks(lookWindows, confidence, threshold)) {
            decision = Decision.UNDECIDED;
            withheld = true;
            recent = trend(recentHalf, confidence, true);
        } else if (decision == Decision.NO_LEAK && !serial && afterWithheld) {
            recent = trend(recentHalf, confidence, true);
            decision = recent.upper() < threshold ? Decision.NO_LEAK : Decision.UNDECIDED;
        }
        double recentSpan = at - recentHalf.get(0)[0];
        return new Judged(new Assessment(decision, recent, at, look, floors.method(), floors.cycleSeconds(), recentSpan), withheld);
    }

    /**
     * The recent trend grows markedly slower than the older one: below
     * {@link #STEADY_GROWTH_RATIO} of it, or all of its interval below the older one's.
     */
    private static boolean decelerating(Trend older, Trend recent) {
        return recent.upper() < older.lower() || recent.slope() < STEADY_GROWTH_RATIO * older.slope();
    }

    /**
     * Whether a canary's excess over its baseline, which grows in both halves of a look by Sen's
     * intervals taken as if its floors were independent and holds its pace between them, still
     * leaks once what those two tests miss is weighed. Each condition only ever withholds a LEAK,
     * so the bound on false alarms holds as before. NO_LEAK's bound is left as it was (the excess
     * of two plateaued arms is a flat run of repeated steps whose serial correlation near 1 would
     * leave no interval at all) until a LEAK has been withheld: from then on it is widened too, so
     * that a withheld leak is never let through as NO_LEAK at a later look.
     * <ul>
     *   <li>Serial correlation: both halves still grow faster than the threshold with their
     *   intervals widened as one target's are ({@link TrendStatistics}, Yue and Wang's effective
     *   sample size). The RSS of a JVM climbs in steps of a few pages, or of whole heap regions,
     *   tens of seconds apart; residuals that run in steps are positively correlated.</li>
     *   <li>Growth not slowing down ({@link #slowing}), through the recent half nor through the
     *   whole look. The old generation after collections, and the RSS of the old regions it fills,
     *   go on climbing for minutes after a cache has filled the heap — it is promoted late — at a
     *   rate that falls as it nears its plateau, while the two halves' slopes can stay within
     *   {@link #STEADY_GROWTH_RATIO} of each other.</li>
     *   <li>Pace held over the two halves of the look's <em>time</em> as well as of its points. A
     *   gauge seen only when it changes (an old generation, counted once per figure) gives floors
     *   at uneven times: halves by count then set a long stretch against a short one, and a burst
     *   of promotions after a lull can make the recent half look as fast as the older.</li>
     * </ul>
     */
    private static boolean excessLeaks(List<double[]> lookWindows, double confidence, double threshold) {
        int half = lookWindows.size() / 2;
        List<double[]> olderHalf = lookWindows.subList(0, half);
        List<double[]> recentHalf = lookWindows.subList(half, lookWindows.size());
        return trend(olderHalf, confidence, true).lower() > threshold && trend(recentHalf, confidence, true).lower() > threshold
                && !slowing(recentHalf) && !slowing(lookWindows) && !deceleratesOverTime(lookWindows, confidence);
    }

    /**
     * Whether growth slows down through {@code points} (seconds, MiB): Mann–Kendall's test on the
     * rates between consecutive points (MiB per minute, each at the middle of its interval) finds
     * them falling, at {@link #SLOWING_SIGNIFICANCE} one-sided. A leak's rate holds steady, so its
     * increments show no trend; a fill nearing its plateau gives back a little less at each step.
     */
    static boolean slowing(List<double[]> points) {
        int n = points.size() - 1;
        if (n < 3) {
            return false;
        }
        double[] minutes = new double[n];
        double[] rates = new double[n];
        for (int i = 0; i < n; i++) {
            double[] a = points.get(i);
            double[] b = points.get(i + 1);
            minutes[i] = (a[0] + b[0]) / 120;
            rates[i] = (b[1] - a[1]) / ((b[0] - a[0]) / 60);
        }
        return TrendStatistics.of(minutes, rates, 0.5).pIncrease() > 1 - SLOWING_SIGNIFICANCE;
    }

    /**
     * {@link #decelerating} on the points before and after the middle of the time {@code points}
     * cover (each side needs three points to have a trend at all).
     */
    private static boolean deceleratesOverTime(List<double[]> points, double confidence) {
        double middle = (points.get(0)[0] + points.get(points.size() - 1)[0]) / 2;
        List<double[]> before = points.stream().filter(p -> p[0] <= middle).toList();
        List<double[]> after = points.stream().filter(p -> p[0] > middle).toList();
        return before.size() >= 3 && after.size() >= 3 && decelerating(trend(before, confidence, false), trend(after, confidence, false));
    }

    /** Theil–Sen trend in MB per minute. */
    private static Trend trend(List<double[]> windows, double confidence, boolean serial) {
        double[] minutes = windows.stream().mapToDouble(w -> w[0] / 60).toArray();
        double[] mb = windows.stream().mapToDouble(w -> w[1]).toArray();
        return TrendStatistics.of(minutes, mb, confidence, serial);
    }
}
