//! Retry policy: which failures are worth another try, and how long to wait
//! before it (exponential backoff with jitter, or what the server's
//! Retry-After asks for).

use std::time::Duration;

use chrono::{DateTime, Utc};

use crate::config::RetrySettings;
use crate::error::Error;

/// Whether a failed request may succeed if tried again: no answer at all
/// (connect, reset, timeout, truncated body), a server error, or "too many
/// requests". A 404 or a non-HTML page will not change within a run.
pub fn is_transient(e: &Error) -> bool {
    match e {
        Error::Network { .. } => true,
        Error::Status { status, .. } => *status >= 500 || *status == 429 || *status == 408,
        _ => false,
    }
}

/// The wait before try number `attempt + 1` (attempt counts from 1):
/// `base * 2^(attempt-1)`, scaled by a random factor in [0.5, 1.0) so that
/// many clients failing together do not come back together.
pub fn backoff(settings: &RetrySettings, attempt: u32, unit: f64) -> Duration {
    let exp = 2f64.powi(attempt.saturating_sub(1).min(30) as i32);
    let full = settings.base_delay.as_secs_f64() * exp;
    Duration::from_secs_f64(
        (full * (0.5 + unit.clamp(0.0, 1.0) / 2.0)).min(settings.max_delay.as_secs_f64()),
    )
}

/// Parses a Retry-After value: delay seconds, or an HTTP-date (as seen at `now`).
pub fn parse_retry_after(value: &str, now: DateTime<Utc>) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = DateTime::parse_from_rfc2822(value)
        .ok()?
        .with_timezone(&Utc);
    Some((when - now).to_std().unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn retry_after_in_seconds_and_as_http_date() {
        let now = Utc.with_ymd_and_hms(2024, 11, 16, 12, 0, 0).unwrap();
        assert_eq!(
            parse_retry_after(" 120 ", now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(
            parse_retry_after("Sat, 16 Nov 2024 12:00:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(
            parse_retry_after("Sat, 16 Nov 2024 11:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }

    #[test]
    fn backoff_doubles_within_jitter_and_is_capped() {
        let s = RetrySettings {
            base_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(10),
            ..RetrySettings::default()
        };
        assert_eq!(backoff(&s, 1, 0.0), Duration::from_millis(500));
        assert_eq!(backoff(&s, 3, 0.0), Duration::from_secs(2));
        assert!(backoff(&s, 3, 0.999) < Duration::from_secs(4));
        assert_eq!(backoff(&s, 40, 0.5), Duration::from_secs(10));
    }

    #[test]
    fn only_failures_that_can_pass_are_transient() {
        let status = |status| Error::Status {
            url: "u".into(),
            status,
            retry_after: None,
        };
        assert!(is_transient(&status(503)) && is_transient(&status(429)));
        assert!(!is_transient(&status(404)) && !is_transient(&status(410)));
        assert!(is_transient(&Error::Network {
            url: "u".into(),
            reason: "reset".into()
        }));
        // The robots verdict is kept for minutes: trying again at once would
        // only sleep through the backoff to meet the same verdict.
        assert!(!is_transient(&Error::RobotsUnavailable {
            url: "u".into(),
            reason: "HTTP status 503".into()
        }));
    }
}
