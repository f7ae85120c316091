//! When each feed is polled next.
//!
//! This module owns the timing policy only: parsing intervals and cron
//! expressions, adaptive slowing of quiet feeds, exponential backoff of
//! failing ones, and jitter. It is pure: it never reads the clock or a random
//! source, so `now` and the random `jitter_unit` are always parameters, and
//! the per-feed memory ([`FeedTiming`]) is plain data the caller stores.
//!
//! No input makes it panic or overflow: every duration is saturated, and a
//! computed time past chrono's range is clamped to [`DateTime::<Utc>::MAX_UTC`].

use std::fmt;
use std::time::Duration;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use croner::parser::{CronParser, Seconds, Year};

/// No delay is shorter than this: a zero interval or a zero backoff cap would
/// otherwise make a feed due again at the very instant it was polled.
const MIN_DELAY: Duration = Duration::from_secs(1);

/// How many gaps between upcoming cron firings are compared to find the
/// cron's base interval (see [`Trigger::base_interval`]).
const CRON_GAPS_SAMPLED: usize = 3;

/// Parses "30s", "15m", "2h", "1d", "1h30m", "1h 30m", "500ms" or "90" / "0.5"
/// (a plain number is seconds, fractions allowed) into a Duration. With
/// units, whole numbers only; spaces between parts are allowed; units go from
/// largest to smallest, each at most once. Errors say what was wrong.
pub fn parse_duration(text: &str) -> Result<Duration, String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err("empty duration: expected something like 30s, 15m, 2h, 1d or 1h30m".into());
    }
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        let seconds = parse_number(trimmed, text)?;
        return Ok(Duration::from_secs(seconds));
    }
    if trimmed.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return trimmed
            .parse::<f64>()
            .ok()
            .and_then(|s| Duration::try_from_secs_f64(s).ok())
            .ok_or_else(|| format!("duration {text:?} is not a number of seconds"));
    }
    let mut total: u64 = 0;
    let mut previous_unit: Option<Unit> = None;
    let mut rest = trimmed;
    while !rest.is_empty() {
        let digits_end = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        let (digits, after_digits) = rest.split_at(digits_end);
        // "5 m" is as clear as "5m".
        let after_digits = after_digits.trim_start();
        let unit_end = after_digits
            .find(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .unwrap_or(after_digits.len());
        let (unit_text, after_unit) = after_digits.split_at(unit_end);
        if digits.is_empty() {
            return Err(format!(
                "in duration {text:?}: {unit_text:?} has no number before it"
            ));
        }
        let unit = Unit::parse(unit_text, digits, text)?;
        if previous_unit.is_some_and(|p| unit.millis() >= p.millis()) {
            return Err(format!(
                "in duration {text:?}: units must go from largest to smallest, each once (d, h, m, s, ms)"
            ));
        }
        let amount = parse_number(digits, text)?;
        total = amount
            .checked_mul(unit.millis())
            .and_then(|part| total.checked_add(part))
            .ok_or_else(|| format!("duration {text:?} is too large"))?;
        previous_unit = Some(unit);
        rest = after_unit.trim_start();
    }
    Ok(Duration::from_millis(total))
}

fn parse_number(digits: &str, text: &str) -> Result<u64, String> {
    digits
        .parse()
        .map_err(|_| format!("duration {text:?} is too large"))
}

/// A unit of [`parse_duration`].
#[derive(Debug, Clone, Copy)]
enum Unit {
    Millisecond,
    Second,
    Minute,
    Hour,
    Day,
}

impl Unit {
    fn parse(unit: &str, number: &str, text: &str) -> Result<Unit, String> {
        match unit {
            "ms" => Ok(Unit::Millisecond),
            "s" => Ok(Unit::Second),
            "m" => Ok(Unit::Minute),
            "h" => Ok(Unit::Hour),
            "d" => Ok(Unit::Day),
            "" => Err(format!(
                "in duration {text:?}: {number} has no unit; use ms, s, m, h or d (only a lone number means seconds)"
            )),
            other => Err(format!(
                "in duration {text:?}: unknown unit {other:?}; use ms, s, m, h or d (whole numbers only)"
            )),
        }
    }

    fn millis(self) -> u64 {
        match self {
            Unit::Millisecond => 1,
            Unit::Second => 1000,
            Unit::Minute => 60_000,
            Unit::Hour => 3_600_000,
            Unit::Day => 86_400_000,
        }
    }
}

/// What makes a feed due.
#[derive(Debug, Clone, PartialEq)]
pub enum Trigger {
    /// A fixed interval after the previous poll.
    Every(Duration),
    /// The firings of a cron expression, in UTC.
    Cron(CronExpr),
}

/// A parsed 5-field cron expression (minute hour day-of-month month
/// day-of-week), evaluated in UTC.
#[derive(Clone, PartialEq)]
pub struct CronExpr {
    text: String,
    /// Boxed: a parsed cron is ~300 bytes, an `Every` is 16.
    cron: Box<croner::Cron>,
}

impl CronExpr {
    /// The expression as it was written.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Debug for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CronExpr({:?})", self.text)
    }
}

impl fmt::Display for CronExpr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl Trigger {
    /// Parses a 5-field cron expression such as "*/10 6-22 * * *" (also the
    /// @hourly/@daily/@weekly/@monthly/@yearly nicknames). An expression that
    /// can never fire ("0 0 31 2 *") is refused too, since a feed on it would
    /// silently never be polled.
    pub fn cron(expr: &str) -> Result<Trigger, String> {
        let parser = CronParser::builder()
            .seconds(Seconds::Disallowed)
            .year(Year::Disallowed)
            .build();
        let cron = parser
            .parse(expr)
            .map_err(|e| format!("invalid cron expression {expr:?}: {e}"))?;
        let trigger = Trigger::Cron(CronExpr {
            text: expr.trim().to_string(),
            cron: Box::new(cron),
        });
        if trigger.next_after(cron_probe_start()).is_none() {
            return Err(format!("cron expression {expr:?} never fires"));
        }
        Ok(trigger)
    }

    /// The first firing strictly after `after`; for `Every`, `after` plus the
    /// interval (at least a second). `None` only when there is no firing
    /// within the representable future.
    pub fn next_after(&self, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
        match self {
            Trigger::Every(interval) => add(after, (*interval).max(MIN_DELAY)),
            Trigger::Cron(expr) => next_cron_firing(&expr.cron, after),
        }
    }

    /// The interval between polls when all goes well: for `Every` the
    /// interval, for `Cron` the shortest of the next few gaps between firings
    /// after `now` (so "*/10 6-22 * * *" counts as 10 minutes even at 22:55,
    /// where the very next gap is the night). `None` if the cron has no two
    /// firings left.
    pub fn base_interval(&self, now: DateTime<Utc>) -> Option<Duration> {
        match self {
            Trigger::Every(interval) => Some((*interval).max(MIN_DELAY)),
            Trigger::Cron(_) => {
                let mut previous = self.next_after(now)?;
                let mut shortest: Option<Duration> = None;
                for _ in 0..CRON_GAPS_SAMPLED {
                    let Some(next) = self.next_after(previous) else {
                        break;
                    };
                    let gap = (next - previous).to_std().unwrap_or(MIN_DELAY);
                    shortest = Some(shortest.map_or(gap, |s| s.min(gap)));
                    previous = next;
                }
                shortest
            }
        }
    }
}

/// A fixed date to check that a cron expression fires at all; any date works,
/// this one keeps the check independent of the clock.
fn cron_probe_start() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2000, 1, 1, 0, 0, 0)
        .single()
        .unwrap_or(DateTime::<Utc>::MIN_UTC)
}

/// croner works to the second; a sub-second `after` could yield a firing
/// in the same second, i.e. not strictly later, so the search starts again
/// from that firing in that case.
fn next_cron_firing(cron: &croner::Cron, after: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let first = cron.find_next_occurrence(&after, false).ok()?;
    if first > after {
        return Some(first);
    }
    cron.find_next_occurrence(&first, false)
        .ok()
        .filter(|next| *next > after)
}

/// Adaptive polling bounds: a feed that keeps publishing nothing is polled
/// less often, never less often than every `max`, never more often than
/// every `min`. (If `min > max`, `max` wins: the politer choice.)
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Adaptive {
    pub min: Duration,
    pub max: Duration,
}

impl Adaptive {
    fn clamp(&self, interval: Duration) -> Duration {
        interval.max(self.min).min(self.max).max(MIN_DELAY)
    }
}

/// How a feed is scheduled.
#[derive(Debug, Clone, PartialEq)]
pub struct Schedule {
    pub trigger: Trigger,
    /// The most random delay added to each due time, so feeds configured
    /// alike do not all hit the network in the same second.
    pub jitter: Duration,
    /// Only used with [`Trigger::Every`]: a cron says exactly when to poll.
    pub adaptive: Option<Adaptive>,
    /// The longest wait before retrying a failing feed.
    pub max_backoff: Duration,
}

/// What the last poll of a feed gave.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PollOutcome {
    /// Items not seen before; `NewItems(0)` counts as [`PollOutcome::NothingNew`].
    NewItems(usize),
    /// The feed answered (maybe 304) with nothing new.
    NothingNew,
    /// Network error, bad status, unparsable feed.
    Failed,
}

/// Per-feed memory kept between polls; plain data for storage.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FeedTiming {
    /// Failed polls since the last successful one.
    pub consecutive_failures: u32,
    /// The current adaptive interval in seconds; `None` when the schedule is
    /// not adaptive or the feed has not been polled under it yet.
    pub adaptive_interval_s: Option<u64>,
}

/// Updates `timing` with `outcome` and returns when the feed is due next,
/// given the poll finished at `now`. `jitter_unit` is a number in [0, 1) the
/// caller draws (`fastrand::f64()`); `jitter_unit * schedule.jitter` is added.
/// Out-of-range units are clamped to [0, 1], NaN counts as 0.
///
/// - Success: failures reset; the next firing of the trigger after `now`.
///   With `Every` and `adaptive`, the interval grows x1.5 after
///   `NothingNew` (up to `max`) and returns to the base interval (clamped to
///   `[min, max]`) after `NewItems`.
/// - `Failed`: failures + 1; `now + min(base * 2^(failures-1), max_backoff)`,
///   where `base` is the feed's current interval (adaptive or trigger's).
///   A failing feed is always polled again.
///
/// The result is always after `now` (unless `now` is the end of time), and
/// never later than `now + max(interval, max_backoff, 1s) + jitter`.
pub fn next_due(
    schedule: &Schedule,
    timing: &mut FeedTiming,
    outcome: PollOutcome,
    now: DateTime<Utc>,
    jitter_unit: f64,
) -> DateTime<Utc> {
    let due = match outcome {
        PollOutcome::Failed => due_after_failure(schedule, timing, now),
        PollOutcome::NewItems(n) if n > 0 => due_after_success(schedule, timing, true, now),
        PollOutcome::NewItems(_) | PollOutcome::NothingNew => {
            due_after_success(schedule, timing, false, now)
        }
    };
    add_saturating(due, jitter(schedule.jitter, jitter_unit))
}

/// Whether a feed whose next due time is `due` (`None`: never polled) should
/// be polled at `now`.
pub fn is_due(due: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    due.is_none_or(|due| due <= now)
}

fn due_after_success(
    schedule: &Schedule,
    timing: &mut FeedTiming,
    found_new: bool,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    timing.consecutive_failures = 0;
    match (&schedule.trigger, schedule.adaptive) {
        (Trigger::Every(base), Some(bounds)) => {
            let interval = if found_new {
                bounds.clamp(*base)
            } else {
                bounds.clamp(grown(current_adaptive_interval(*base, bounds, timing)))
            };
            timing.adaptive_interval_s = Some(interval.as_secs());
            add_saturating(now, interval)
        }
        (trigger, _) => {
            timing.adaptive_interval_s = None;
            trigger
                .next_after(now)
                .unwrap_or_else(|| add_saturating(now, schedule.max_backoff.max(MIN_DELAY)))
        }
    }
}

/// The adaptive interval in force: the stored one, or the base interval for
/// a feed new to adaptive polling; always within the bounds, since the
/// bounds may have changed in the configuration since it was stored.
fn current_adaptive_interval(base: Duration, bounds: Adaptive, timing: &FeedTiming) -> Duration {
    let stored = timing.adaptive_interval_s.map(Duration::from_secs);
    bounds.clamp(stored.unwrap_or(base))
}

/// x1.5, rounded up to whole seconds so that short intervals still grow
/// (1s -> 2s -> 3s -> 5s) and what is stored as seconds is what was used.
fn grown(interval: Duration) -> Duration {
    let seconds = interval.as_secs();
    Duration::from_secs(seconds.saturating_add(seconds.div_ceil(2)))
}

fn due_after_failure(
    schedule: &Schedule,
    timing: &mut FeedTiming,
    now: DateTime<Utc>,
) -> DateTime<Utc> {
    timing.consecutive_failures = timing.consecutive_failures.saturating_add(1);
    let base = failure_base_interval(schedule, timing, now);
    let delay = backoff(base, timing.consecutive_failures, schedule.max_backoff);
    add_saturating(now, delay)
}

/// The interval the backoff multiplies: a failing feed is never retried
/// sooner than it would be polled if healthy (short of the backoff cap).
fn failure_base_interval(schedule: &Schedule, timing: &FeedTiming, now: DateTime<Utc>) -> Duration {
    match (&schedule.trigger, schedule.adaptive) {
        (Trigger::Every(base), Some(bounds)) => current_adaptive_interval(*base, bounds, timing),
        (trigger, _) => trigger.base_interval(now).unwrap_or(schedule.max_backoff),
    }
}

/// `base * 2^(failures-1)`, capped at `cap`, and at least [`MIN_DELAY`].
fn backoff(base: Duration, failures: u32, cap: Duration) -> Duration {
    let doublings = failures.saturating_sub(1);
    let grown = 1u32
        .checked_shl(doublings)
        .and_then(|factor| base.checked_mul(factor))
        .unwrap_or(Duration::MAX);
    grown.min(cap).max(MIN_DELAY)
}

/// `unit * max`, with `unit` forced into [0, 1] so the result is never
/// negative nor above `max`.
fn jitter(max: Duration, unit: f64) -> Duration {
    let unit = if unit.is_nan() {
        0.0
    } else {
        unit.clamp(0.0, 1.0)
    };
    Duration::try_from_secs_f64(max.as_secs_f64() * unit)
        .unwrap_or(max)
        .min(max)
}

/// `time + delay`, or `None` past chrono's range.
fn add(time: DateTime<Utc>, delay: Duration) -> Option<DateTime<Utc>> {
    let delta = TimeDelta::from_std(delay).ok()?;
    time.checked_add_signed(delta)
}

/// `time + delay`, clamped to the last representable instant.
fn add_saturating(time: DateTime<Utc>, delay: Duration) -> DateTime<Utc> {
    add(time, delay).unwrap_or(DateTime::<Utc>::MAX_UTC)
}

#[cfg(test)]
mod tests {
    use super::*;

    const MIN: Duration = Duration::from_secs(60);
    const HOUR: Duration = Duration::from_secs(3600);

    fn at(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    fn now() -> DateTime<Utc> {
        at(2024, 5, 17, 12, 0, 0)
    }

    fn every(interval: Duration) -> Schedule {
        Schedule {
            trigger: Trigger::Every(interval),
            jitter: Duration::ZERO,
            adaptive: None,
            max_backoff: 24 * HOUR,
        }
    }

    fn adaptive(base: Duration, min: Duration, max: Duration) -> Schedule {
        Schedule {
            adaptive: Some(Adaptive { min, max }),
            ..every(base)
        }
    }

    fn secs(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    // --- parse_duration ---

    #[test]
    fn parses_every_duration_form() {
        assert_eq!(parse_duration("30s"), Ok(secs(30)));
        assert_eq!(parse_duration("15m"), Ok(secs(900)));
        assert_eq!(parse_duration("2h"), Ok(secs(7200)));
        assert_eq!(parse_duration("1d"), Ok(secs(86_400)));
        assert_eq!(parse_duration("1h30m"), Ok(secs(5400)));
        assert_eq!(parse_duration("1d2h3m4s"), Ok(secs(93_784)));
        assert_eq!(parse_duration("1h 30m"), Ok(secs(5400)));
        assert_eq!(parse_duration("1 h 30 m"), Ok(secs(5400)));
        assert_eq!(parse_duration("90"), Ok(secs(90)));
        assert_eq!(parse_duration("  45s "), Ok(secs(45)));
        assert_eq!(parse_duration("0"), Ok(Duration::ZERO));
    }

    #[test]
    fn duration_errors_say_what_is_wrong() {
        let error = |text: &str| parse_duration(text).unwrap_err();
        assert!(error("").contains("empty"));
        assert!(error("   ").contains("empty"));
        assert!(error("h").contains("no number"));
        assert!(error("1h30").contains("30 has no unit"));
        assert!(error("1 30").contains("1 has no unit"));
        assert!(error("5x").contains("unknown unit \"x\""));
        assert!(error("1.5h").contains("unknown unit \".\""));
        assert!(error("-5s").contains("no number"));
        assert!(error("5 minutes").contains("unknown unit \"minutes\""));
        assert!(error("30m1h").contains("largest to smallest"));
        assert!(error("1h1h").contains("largest to smallest"));
    }

    #[test]
    fn huge_durations_are_errors_not_overflows() {
        assert!(parse_duration("99999999999999999999")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_duration("18446744073709551615d")
            .unwrap_err()
            .contains("too large"));
        assert!(parse_duration("213503982d1s").is_ok());
        assert!(parse_duration("213503982335d")
            .unwrap_err()
            .contains("too large"));
        assert_eq!(parse_duration("1s500ms"), Ok(Duration::from_millis(1500)));
        assert_eq!(parse_duration("0.05"), Ok(Duration::from_millis(50)));
        assert!(parse_duration("1.2.3").is_err());
    }

    // --- Trigger ---

    #[test]
    fn every_fires_one_interval_later() {
        let t = Trigger::Every(15 * MIN);
        assert_eq!(t.next_after(now()), Some(now() + TimeDelta::minutes(15)));
    }

    #[test]
    fn a_zero_interval_still_fires_strictly_later() {
        let t = Trigger::Every(Duration::ZERO);
        assert!(t.next_after(now()).unwrap() > now());
    }

    #[test]
    fn cron_fires_at_the_next_matching_minute() {
        let t = Trigger::cron("*/10 6-22 * * *").unwrap();
        assert_eq!(
            t.next_after(at(2024, 5, 17, 12, 3, 0)),
            Some(at(2024, 5, 17, 12, 10, 0))
        );
        // Strictly after: a firing time itself gives the following one.
        assert_eq!(
            t.next_after(at(2024, 5, 17, 12, 10, 0)),
            Some(at(2024, 5, 17, 12, 20, 0))
        );
    }

    #[test]
    fn cron_after_the_last_firing_of_the_day_waits_for_the_morning() {
        let t = Trigger::cron("*/10 6-22 * * *").unwrap();
        assert_eq!(
            t.next_after(at(2024, 5, 17, 22, 55, 0)),
            Some(at(2024, 5, 18, 6, 0, 0))
        );
    }

    #[test]
    fn cron_is_strictly_after_even_within_a_second() {
        let t = Trigger::cron("* * * * *").unwrap();
        let after = at(2024, 5, 17, 12, 10, 0) + TimeDelta::milliseconds(500);
        assert_eq!(t.next_after(after), Some(at(2024, 5, 17, 12, 11, 0)));
    }

    #[test]
    fn cron_nicknames_and_names_work() {
        let t = Trigger::cron("@hourly").unwrap();
        assert_eq!(
            t.next_after(at(2024, 5, 17, 12, 3, 0)),
            Some(at(2024, 5, 17, 13, 0, 0))
        );
        let t = Trigger::cron("0 9 * * mon-fri").unwrap();
        // 2024-05-17 is a Friday.
        assert_eq!(
            t.next_after(at(2024, 5, 17, 12, 0, 0)),
            Some(at(2024, 5, 20, 9, 0, 0))
        );
    }

    #[test]
    fn cron_errors_name_the_problem() {
        let error = |text: &str| Trigger::cron(text).unwrap_err();
        assert!(error("").contains("empty"));
        assert!(error("* * * *").contains("5"));
        assert!(
            error("0 * * * * *").contains("5"),
            "6 fields: seconds are not allowed"
        );
        assert!(error("*/10 6-25 * * *").contains("6-25"));
        assert!(error("0 0 31 2 *").contains("never fires"));
        assert!(error("banana").contains("banana"));
    }

    #[test]
    fn cron_base_interval_is_the_usual_gap() {
        let t = Trigger::cron("*/10 6-22 * * *").unwrap();
        assert_eq!(t.base_interval(at(2024, 5, 17, 22, 45, 0)), Some(10 * MIN));
        let t = Trigger::cron("0 9 * * *").unwrap();
        assert_eq!(t.base_interval(now()), Some(24 * HOUR));
    }

    #[test]
    fn triggers_near_the_end_of_time_do_not_panic() {
        let end = DateTime::<Utc>::MAX_UTC;
        assert_eq!(Trigger::Every(HOUR).next_after(end), None);
        assert_eq!(Trigger::Every(Duration::MAX).next_after(now()), None);
        let cron = Trigger::cron("*/10 * * * *").unwrap();
        assert_eq!(cron.next_after(end), None);
        assert_eq!(cron.base_interval(end), None);
    }

    // --- next_due: success ---

    #[test]
    fn success_waits_one_interval_and_resets_failures() {
        let mut timing = FeedTiming {
            consecutive_failures: 5,
            adaptive_interval_s: None,
        };
        let due = next_due(
            &every(15 * MIN),
            &mut timing,
            PollOutcome::NewItems(3),
            now(),
            0.0,
        );
        assert_eq!(due, now() + TimeDelta::minutes(15));
        assert_eq!(timing, FeedTiming::default());
    }

    #[test]
    fn success_on_cron_waits_for_the_next_firing() {
        let schedule = Schedule {
            trigger: Trigger::cron("*/10 6-22 * * *").unwrap(),
            ..every(HOUR)
        };
        let mut timing = FeedTiming::default();
        let poll_end = at(2024, 5, 17, 22, 55, 0);
        let due = next_due(
            &schedule,
            &mut timing,
            PollOutcome::NothingNew,
            poll_end,
            0.0,
        );
        assert_eq!(due, at(2024, 5, 18, 6, 0, 0));
    }

    #[test]
    fn jitter_stays_within_bounds() {
        let schedule = Schedule {
            jitter: 5 * MIN,
            ..every(15 * MIN)
        };
        let next = now() + TimeDelta::minutes(15);
        let latest = next + TimeDelta::minutes(5);
        for unit in [0.0, 0.5, 0.999] {
            let due = next_due(
                &schedule,
                &mut FeedTiming::default(),
                PollOutcome::NothingNew,
                now(),
                unit,
            );
            assert!(due >= next && due <= latest, "unit {unit}: {due}");
        }
        let zero = next_due(
            &schedule,
            &mut FeedTiming::default(),
            PollOutcome::NothingNew,
            now(),
            0.0,
        );
        assert_eq!(zero, next);
        let half = next_due(
            &schedule,
            &mut FeedTiming::default(),
            PollOutcome::NothingNew,
            now(),
            0.5,
        );
        assert_eq!(half, next + TimeDelta::seconds(150));
    }

    #[test]
    fn out_of_range_jitter_units_are_clamped() {
        let schedule = Schedule {
            jitter: 5 * MIN,
            ..every(15 * MIN)
        };
        let next = now() + TimeDelta::minutes(15);
        let latest = next + TimeDelta::minutes(5);
        for unit in [-1.0, 7.0, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            let due = next_due(
                &schedule,
                &mut FeedTiming::default(),
                PollOutcome::NothingNew,
                now(),
                unit,
            );
            assert!(due >= next && due <= latest, "unit {unit}: {due}");
        }
    }

    #[test]
    fn adaptive_interval_grows_while_nothing_is_new_up_to_max() {
        let schedule = adaptive(10 * MIN, 5 * MIN, HOUR);
        let mut timing = FeedTiming::default();
        let mut intervals = Vec::new();
        for _ in 0..8 {
            let due = next_due(&schedule, &mut timing, PollOutcome::NothingNew, now(), 0.0);
            intervals.push((due - now()).num_seconds());
        }
        assert_eq!(intervals, [900, 1350, 2025, 3038, 3600, 3600, 3600, 3600]);
        assert_eq!(timing.adaptive_interval_s, Some(3600));
    }

    #[test]
    fn adaptive_interval_falls_back_to_base_after_new_items() {
        let schedule = adaptive(10 * MIN, 5 * MIN, HOUR);
        let mut timing = FeedTiming {
            consecutive_failures: 0,
            adaptive_interval_s: Some(3600),
        };
        let due = next_due(&schedule, &mut timing, PollOutcome::NewItems(2), now(), 0.0);
        assert_eq!(due, now() + TimeDelta::minutes(10));
        assert_eq!(timing.adaptive_interval_s, Some(600));
    }

    #[test]
    fn new_items_of_zero_count_as_nothing_new() {
        let schedule = adaptive(10 * MIN, 5 * MIN, HOUR);
        let mut timing = FeedTiming::default();
        let due = next_due(&schedule, &mut timing, PollOutcome::NewItems(0), now(), 0.0);
        assert_eq!(due, now() + TimeDelta::minutes(15));
    }

    #[test]
    fn adaptive_base_outside_the_bounds_is_clamped() {
        let too_fast = adaptive(MIN, 5 * MIN, HOUR);
        let mut timing = FeedTiming::default();
        let due = next_due(&too_fast, &mut timing, PollOutcome::NewItems(1), now(), 0.0);
        assert_eq!(due, now() + TimeDelta::minutes(5));

        let too_slow = adaptive(2 * HOUR, 5 * MIN, HOUR);
        let due = next_due(&too_slow, &mut timing, PollOutcome::NewItems(1), now(), 0.0);
        assert_eq!(due, now() + TimeDelta::hours(1));
    }

    #[test]
    fn a_stored_interval_outside_new_bounds_is_clamped() {
        let schedule = adaptive(10 * MIN, 5 * MIN, HOUR);
        let mut timing = FeedTiming {
            consecutive_failures: 0,
            adaptive_interval_s: Some(u64::MAX),
        };
        let due = next_due(&schedule, &mut timing, PollOutcome::NothingNew, now(), 0.0);
        assert_eq!(due, now() + TimeDelta::hours(1));
    }

    #[test]
    fn tiny_adaptive_intervals_still_grow() {
        let schedule = adaptive(Duration::ZERO, Duration::ZERO, MIN);
        let mut timing = FeedTiming::default();
        let mut intervals = Vec::new();
        for _ in 0..5 {
            let due = next_due(&schedule, &mut timing, PollOutcome::NothingNew, now(), 0.0);
            intervals.push((due - now()).num_seconds());
        }
        assert_eq!(intervals, [2, 3, 5, 8, 12]);
    }

    #[test]
    fn inverted_adaptive_bounds_do_not_panic_and_max_wins() {
        let schedule = adaptive(10 * MIN, HOUR, 5 * MIN);
        let mut timing = FeedTiming::default();
        let due = next_due(&schedule, &mut timing, PollOutcome::NothingNew, now(), 0.0);
        assert_eq!(due, now() + TimeDelta::minutes(5));
    }

    #[test]
    fn non_adaptive_schedules_forget_the_adaptive_interval() {
        let mut timing = FeedTiming {
            consecutive_failures: 0,
            adaptive_interval_s: Some(900),
        };
        next_due(
            &every(HOUR),
            &mut timing,
            PollOutcome::NothingNew,
            now(),
            0.0,
        );
        assert_eq!(timing.adaptive_interval_s, None);
    }

    // --- next_due: failure ---

    #[test]
    fn backoff_doubles_with_each_failure_up_to_the_cap() {
        let schedule = Schedule {
            max_backoff: 2 * HOUR,
            ..every(10 * MIN)
        };
        let mut timing = FeedTiming::default();
        let mut waits = Vec::new();
        for _ in 0..7 {
            let due = next_due(&schedule, &mut timing, PollOutcome::Failed, now(), 0.0);
            waits.push((due - now()).num_minutes());
        }
        assert_eq!(waits, [10, 20, 40, 80, 120, 120, 120]);
        assert_eq!(timing.consecutive_failures, 7);
    }

    #[test]
    fn success_after_failures_resets_the_backoff() {
        let schedule = every(10 * MIN);
        let mut timing = FeedTiming::default();
        for _ in 0..3 {
            next_due(&schedule, &mut timing, PollOutcome::Failed, now(), 0.0);
        }
        next_due(&schedule, &mut timing, PollOutcome::NothingNew, now(), 0.0);
        let due = next_due(&schedule, &mut timing, PollOutcome::Failed, now(), 0.0);
        assert_eq!(due, now() + TimeDelta::minutes(10));
    }

    #[test]
    fn cron_backoff_uses_the_gap_between_firings() {
        let schedule = Schedule {
            trigger: Trigger::cron("*/10 6-22 * * *").unwrap(),
            ..every(HOUR)
        };
        let mut timing = FeedTiming::default();
        let poll_end = at(2024, 5, 17, 22, 45, 0);
        let first = next_due(&schedule, &mut timing, PollOutcome::Failed, poll_end, 0.0);
        let second = next_due(&schedule, &mut timing, PollOutcome::Failed, poll_end, 0.0);
        assert_eq!(first, poll_end + TimeDelta::minutes(10));
        assert_eq!(second, poll_end + TimeDelta::minutes(20));
    }

    #[test]
    fn failing_adaptive_feed_backs_off_from_its_current_interval() {
        let schedule = adaptive(10 * MIN, 5 * MIN, HOUR);
        let mut timing = FeedTiming {
            consecutive_failures: 0,
            adaptive_interval_s: Some(1800),
        };
        let due = next_due(&schedule, &mut timing, PollOutcome::Failed, now(), 0.0);
        assert_eq!(due, now() + TimeDelta::minutes(30));
        assert_eq!(
            timing.adaptive_interval_s,
            Some(1800),
            "failure says nothing about publishing"
        );
    }

    #[test]
    fn a_feed_failing_1000_times_is_still_polled_within_the_cap() {
        let schedule = Schedule {
            jitter: 5 * MIN,
            max_backoff: 6 * HOUR,
            ..every(15 * MIN)
        };
        let mut timing = FeedTiming::default();
        let mut due = now();
        for _ in 0..1000 {
            due = next_due(&schedule, &mut timing, PollOutcome::Failed, now(), 0.999);
        }
        assert_eq!(timing.consecutive_failures, 1000);
        assert!(due > now());
        assert!(due <= now() + TimeDelta::hours(6) + TimeDelta::minutes(5));
    }

    #[test]
    fn failure_count_saturates() {
        let mut timing = FeedTiming {
            consecutive_failures: u32::MAX,
            adaptive_interval_s: None,
        };
        let due = next_due(&every(MIN), &mut timing, PollOutcome::Failed, now(), 0.0);
        assert_eq!(timing.consecutive_failures, u32::MAX);
        assert_eq!(due, now() + TimeDelta::hours(24));
    }

    #[test]
    fn a_zero_backoff_cap_still_waits_a_moment() {
        let schedule = Schedule {
            max_backoff: Duration::ZERO,
            ..every(HOUR)
        };
        let due = next_due(
            &schedule,
            &mut FeedTiming::default(),
            PollOutcome::Failed,
            now(),
            0.0,
        );
        assert_eq!(due, now() + TimeDelta::seconds(1));
    }

    #[test]
    fn huge_values_saturate_instead_of_overflowing() {
        let schedule = Schedule {
            trigger: Trigger::Every(Duration::MAX),
            jitter: Duration::MAX,
            adaptive: None,
            max_backoff: Duration::MAX,
        };
        for outcome in [
            PollOutcome::Failed,
            PollOutcome::NothingNew,
            PollOutcome::NewItems(usize::MAX),
        ] {
            let mut timing = FeedTiming {
                consecutive_failures: u32::MAX - 1,
                adaptive_interval_s: Some(u64::MAX),
            };
            let due = next_due(&schedule, &mut timing, outcome, now(), 0.999);
            assert_eq!(due, DateTime::<Utc>::MAX_UTC);
        }
        let huge_adaptive = Schedule {
            adaptive: Some(Adaptive {
                min: Duration::MAX,
                max: Duration::MAX,
            }),
            ..schedule
        };
        let mut timing = FeedTiming {
            consecutive_failures: 0,
            adaptive_interval_s: Some(u64::MAX),
        };
        let due = next_due(
            &huge_adaptive,
            &mut timing,
            PollOutcome::NothingNew,
            now(),
            1.0,
        );
        assert_eq!(due, DateTime::<Utc>::MAX_UTC);
        let due = next_due(
            &every(HOUR),
            &mut FeedTiming::default(),
            PollOutcome::Failed,
            DateTime::<Utc>::MAX_UTC,
            0.5,
        );
        assert_eq!(due, DateTime::<Utc>::MAX_UTC);
    }

    // --- is_due ---

    #[test]
    fn never_polled_feeds_are_due() {
        assert!(is_due(None, now()));
    }

    #[test]
    fn feeds_are_due_from_their_due_time_on() {
        assert!(is_due(Some(now()), now()));
        assert!(is_due(Some(now() - TimeDelta::seconds(1)), now()));
        assert!(!is_due(Some(now() + TimeDelta::seconds(1)), now()));
    }
}
