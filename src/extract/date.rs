//! Date parsing for publication dates as pages write them: ISO 8601 variants
//! (with or without seconds, fractions, `Z`/`+hh:mm`/`+hhmm` zones), RFC 2822,
//! numeric day-first dates (`16.11.2024 11:56`) and textual dates with month
//! names in several languages (`16. November 2024`, `Nov 16, 2024, 11:56 AM EST`).
//!
//! A date without a zone is kept naive so the caller can prefer a zoned source.

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use regex::Regex;

use super::metadata;

/// A parsed date; `offset` is `None` when the text gave no zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ParsedDate {
    pub local: NaiveDateTime,
    pub offset: Option<FixedOffset>,
    pub has_time: bool,
}

impl ParsedDate {
    /// The instant, reading a zone-less date as UTC.
    pub fn to_fixed(self) -> Option<DateTime<FixedOffset>> {
        let offset = self.offset.unwrap_or_else(utc);
        offset.from_local_datetime(&self.local).single()
    }
}

fn utc() -> FixedOffset {
    FixedOffset::east_opt(0).expect("zero offset is valid")
}

// Digits are `[0-9]` and word boundaries ASCII (`(?-u:\b)`) in these
// patterns: the numbers are parsed as ASCII anyway, and Unicode `\d`/`\b`
// make the regexes several times costlier to build and keep the fast
// engines off any text with a non-ASCII letter.
static ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*([0-9]{4})-([0-9]{1,2})-([0-9]{1,2})
        (?:[T\s]+([0-9]{1,2}):([0-9]{2})(?::([0-9]{2})(?:[.,]([0-9]{1,9}))?)?)?
        \s*(Z|UTC|GMT|[+-][0-9]{2}(?::?[0-9]{2})?)?",
    )
    .expect("valid regex")
});

static COMPACT_ISO: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([0-9]{4})([0-9]{2})([0-9]{2})T?([0-9]{2})([0-9]{2})([0-9]{2})?\s*(Z|[+-][0-9]{2}:?[0-9]{2})?\s*$")
        .expect("valid regex")
});

static NUMERIC_DMY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?-u:\b)([0-9]{1,2})[./]([0-9]{1,2})[./]([0-9]{4})(?:[^0-9]{1,12}?([0-9]{1,2})[:.h]([0-9]{2})(?::([0-9]{2}))?\s*([AaPp]\.?[Mm]\.?)?)?")
        .expect("valid regex")
});

static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)([0-9]{1,2})[:.h]([0-9]{2})(?::([0-9]{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?:\s*(Z|UTC|GMT|[A-Z]{2,4}T?|[+-][0-9]{2}:?[0-9]{2})(?-u:\b))?")
        .expect("valid regex")
});

static WORD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[\p{L}]+\.?|[0-9]+").expect("valid regex"));

/// Parses a date/time string in any of the supported forms.
pub fn parse_date(s: &str) -> Option<ParsedDate> {
    let s = s.trim();
    if s.is_empty() || s.len() > 200 {
        return None;
    }
    parse_iso(s)
        .or_else(|| parse_compact_iso(s))
        .or_else(|| parse_rfc2822(s))
        .or_else(|| parse_epoch(s))
        .or_else(|| parse_numeric_dmy(s))
        .or_else(|| parse_textual(s))
}

fn parse_iso(s: &str) -> Option<ParsedDate> {
    let c = ISO.captures(s)?;
    let date = ymd(&c[1], &c[2], &c[3])?;
    let (time, has_time) = match c.get(4) {
        Some(h) => {
            let nanos = c.get(7).map(|f| fraction_nanos(f.as_str())).unwrap_or(0);
            (
                hms(
                    h.as_str(),
                    &c[5],
                    c.get(6).map_or("0", |m| m.as_str()),
                    nanos,
                )?,
                true,
            )
        }
        None => (NaiveTime::MIN, false),
    };
    let offset = c.get(8).and_then(|z| parse_zone(z.as_str()));
    Some(ParsedDate {
        local: date.and_time(time),
        offset,
        has_time,
    })
}

fn parse_compact_iso(s: &str) -> Option<ParsedDate> {
    let c = COMPACT_ISO.captures(s)?;
    let date = ymd(&c[1], &c[2], &c[3])?;
    let time = hms(&c[4], &c[5], c.get(6).map_or("0", |m| m.as_str()), 0)?;
    Some(ParsedDate {
        local: date.and_time(time),
        offset: c.get(7).and_then(|z| parse_zone(z.as_str())),
        has_time: true,
    })
}

fn parse_rfc2822(s: &str) -> Option<ParsedDate> {
    let d = DateTime::parse_from_rfc2822(s).ok()?;
    Some(ParsedDate {
        local: d.naive_local(),
        offset: Some(*d.offset()),
        has_time: true,
    })
}

/// Unix seconds or milliseconds (some CMSs put these in data attributes).
fn parse_epoch(s: &str) -> Option<ParsedDate> {
    if !s.bytes().all(|b| b.is_ascii_digit()) || !(10..=13).contains(&s.len()) {
        return None;
    }
    let n: i64 = s.parse().ok()?;
    let secs = if s.len() == 13 { n / 1000 } else { n };
    let d = DateTime::from_timestamp(secs, 0)?;
    // Only plausible news dates (2000..2100) to avoid reading IDs as dates.
    if !(946_684_800..4_102_444_800).contains(&secs) {
        return None;
    }
    Some(ParsedDate {
        local: d.naive_utc(),
        offset: Some(utc()),
        has_time: true,
    })
}

fn parse_numeric_dmy(s: &str) -> Option<ParsedDate> {
    let c = NUMERIC_DMY.captures(s)?;
    let date = ymd(&c[3], &c[2], &c[1])?;
    let (time, has_time) = match c.get(4) {
        Some(h) => {
            let mut hour: u32 = h.as_str().parse().ok()?;
            if let Some(ampm) = c.get(7) {
                hour = to_24h(hour, ampm.as_str());
            }
            (
                hms(
                    &hour.to_string(),
                    &c[5],
                    c.get(6).map_or("0", |m| m.as_str()),
                    0,
                )?,
                true,
            )
        }
        None => (NaiveTime::MIN, false),
    };
    let rest = c.get(0).map_or("", |m| &s[m.end()..]);
    Some(ParsedDate {
        local: date.and_time(time),
        offset: if has_time { trailing_zone(rest) } else { None },
        has_time,
    })
}

static DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?x)(?:^|[^0-9.])([0-9]{1,2})\.([0-9]{1,2})\.([0-9]{4}|[0-9]{2})(?:[^0-9.]|$)(?:[^0-9]{0,12}?(?-u:\b)([0-9]{1,2}):([0-9]{2})(?-u:\b))?")
        .expect("valid regex")
});

/// A visible dateline near the headline ("Do 25.04.24 | 14:07 Uhr"):
/// day-first numeric date with a 2- or 4-digit year (2-digit years are
/// 20yy), optionally followed by a time. Only for the visible text around
/// a headline, where a number like "25.04.24" is a date.
pub fn parse_dateline(s: &str) -> Option<ParsedDate> {
    let c = DATELINE.captures(s)?;
    let year = match c[3].len() {
        2 => format!("20{}", &c[3]),
        _ => c[3].to_string(),
    };
    let date = ymd(&year, &c[2], &c[1])?;
    let time = match (c.get(4), c.get(5)) {
        (Some(h), Some(m)) => Some(hms(h.as_str(), m.as_str(), "0", 0)?),
        _ => None,
    };
    Some(ParsedDate {
        local: date.and_time(time.unwrap_or(NaiveTime::MIN)),
        offset: None,
        has_time: time.is_some(),
    })
}

/// Longest line (in characters) read as a bare dateline.
const DATELINE_MAX_CHARS: usize = 70;
/// Words besides the date a bare dateline may have ("Stand:", "Updated on", a weekday).
const DATELINE_MAX_WORDS: usize = 4;

/// A line that is only a publication date with its label ("Stand:
/// 28.04.2023 17:23 Uhr", "Freitag, 28.04.2023, 19:25", "First Published
/// on Nov 20, 2019 01:38 pm"): page furniture printed among the body's blocks.
pub fn is_bare_dateline(s: &str) -> bool {
    // A dash opens the attribution of a quote or an embedded post
    // ("— Jane Doe (@jane) July 18, 2026"), which belongs to it.
    // Every date form read here has at least four digits (d.m.yy, a year):
    // counting them first spares most short lines the date parsers.
    if s.starts_with(['—', '–', '-']) {
        return false;
    }
    let chars = s.chars().count();
    if chars > DATELINE_MAX_CHARS {
        return chars <= 2 * DATELINE_MAX_CHARS && is_labelled_date_pair(s);
    }
    if RELATIVE_DATELINE.is_match(s) {
        return true;
    }
    if s.bytes().filter(u8::is_ascii_digit).count() < 4 {
        return false;
    }
    if is_year_first_date(s) {
        return true;
    }
    if parse_dateline(s).is_none() && parse_textual(s).is_none() {
        return false;
    }
    // Two years make a period ("29 November 2018 | 20 January 2019"): an
    // exhibition's or a term's dates, not the page's.
    let years = WORD
        .find_iter(s)
        .filter(|m| {
            m.as_str().len() == 4
                && m.as_str()
                    .parse::<u32>()
                    .is_ok_and(|y| (1900..2100).contains(&y))
        })
        .count();
    if years > 1 {
        return is_labelled_date_pair(s);
    }
    // A byline beside the date ("14:07 Uhr | Von Eva Kirchner-Rätsch")
    // is the same furniture; its names are not words of text.
    let words = WORD
        .find_iter(without_byline_segment(s))
        .map(|m| m.as_str().trim_end_matches('.'))
        .filter(|w| w.chars().count() >= 2 && w.chars().all(char::is_alphabetic))
        .filter(|w| month_number(w).is_none())
        .count();
    words <= DATELINE_MAX_WORDS
}

/// The line up to a " | By Name" segment, if it has one.
fn without_byline_segment(s: &str) -> &str {
    s.match_indices(['|', '·', '•'])
        .find(|(i, sep)| metadata::starts_with_by_word(&s[i + sep.len()..]))
        .map_or(s, |(i, _)| &s[..i])
}

/// A dateline relative to the day the page was served ("Published 15
/// hours ago", "Publiziert heute um 12:19 Uhr"): wrong the day after.
static RELATIVE_DATELINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?ix)^\W*(?:first\s+)?(?:{DATE_LABELS})
        (?:\s+(?:on|am|le|el))?\s*:?\s*
        (?:
            (?:today|yesterday|heute|gestern|aujourd'hui|hier|hoy|ayer)
            (?:\s+(?:um|at|à|a\s+las))?[\s\d:.,]*(?:uhr|am|pm|h)?
          | \d+\s+\w+\s+ago
          | (?:vor|il\s+y\s+a|hace)\s+\d+\s+\w+
        )\W*$"
    ))
    .expect("valid regex")
});

/// Words that label a page's dates (published, updated), in the languages
/// of the publishers we see.
const DATE_LABELS: &str = r"published|updated|posted|publiziert|veröffentlicht|aktualisiert|publié|mis\s+à\s+jour|publicado|actualizado";

/// A line that starts with a date's label ("Updated May 9, 2025 ...").
static LABELLED_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?i)^\W*(?:first\s+)?(?:{DATE_LABELS})(?-u:\b)")).expect("valid regex")
});

/// "Published May 9, 2025 at 11:41 a.m. | Updated May 9, 2025 at 7:15
/// p.m.": the page's dates side by side, each labelled (two dates without
/// labels may be a period, "29 November 2018 | 20 January 2019").
fn is_labelled_date_pair(s: &str) -> bool {
    let mut parts = s
        .split(['|', '·', '•'])
        .map(str::trim)
        .filter(|p| !p.is_empty());
    let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
        return false;
    };
    [first, second]
        .into_iter()
        .chain(parts)
        .all(|p| LABELLED_DATE.is_match(p) && is_bare_dateline(p))
}

static YEAR_FIRST_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*([0-9]{4})([-/.])([0-9]{1,2})([-/.])([0-9]{1,2})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\s*$")
        .expect("valid regex")
});

/// A line that is nothing but a year-first date ("2018-08-16", "2024/05/02
/// 10:30"), as blogs and Asian sites print it above the text. With words
/// beside it, it may be a programme's entry ("2018.04.05 ~ OPEN RUN").
fn is_year_first_date(s: &str) -> bool {
    YEAR_FIRST_LINE
        .captures(s)
        .is_some_and(|c| c[2] == c[4] && ymd(&c[1], &c[3], &c[5]).is_some())
        || CJK_DATE_LINE
            .captures(s)
            .is_some_and(|c| ymd(&c[1], &c[2], &c[3]).is_some())
}

/// A line that is a date as Chinese, Japanese and Korean sites write it
/// ("2026年11月24日 10時15分", "2026년 11월 24일 (화)"), with a short label or
/// badge before it ("更新：", "有料記事").
static CJK_DATE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)^\s*(?:[^\d\s]{1,8}\s*[:：]?\s*)?
        ([0-9]{4})\s*[年년]\s*([0-9]{1,2})\s*[月월]\s*([0-9]{1,2})\s*[日일]
        (?:\s*[（(][^\d\s）)]{1,3}[）)])?
        (?:\s*(?:[0-9]{1,2}\s*[時时시]\s*[0-9]{1,2}\s*[分분]?|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?))?\s*$",
    )
    .expect("valid regex")
});

/// Textual dates: a month name plus a day and a 4-digit year in any order,
/// optionally followed by a time and zone.
fn parse_textual(s: &str) -> Option<ParsedDate> {
    let mut month = None;
    let mut year = None;
    let mut day = None;
    let mut date_end = 0;
    for m in WORD.find_iter(s) {
        let w = m.as_str();
        if let Some(first) = w.chars().next() {
            if first.is_ascii_digit() {
                // A number right before ':' is the time, not the day.
                if s[m.end()..].starts_with(':') {
                    if month.is_some() && year.is_some() && day.is_some() {
                        break;
                    }
                    continue;
                }
                let n: u32 = match w.parse() {
                    Ok(n) => n,
                    Err(_) => continue,
                };
                if w.len() == 4 && year.is_none() && (1990..2100).contains(&n) {
                    year = Some(n as i32);
                    date_end = m.end();
                } else if w.len() <= 2 && day.is_none() && (1..=31).contains(&n) {
                    day = Some(n);
                    date_end = date_end.max(m.end());
                }
            } else if month.is_none() {
                if let Some(mo) = month_number(w.trim_end_matches('.')) {
                    month = Some(mo);
                    date_end = date_end.max(m.end());
                }
            }
        }
        if month.is_some() && year.is_some() && day.is_some() {
            break;
        }
    }
    let date = NaiveDate::from_ymd_opt(year?, month?, day?)?;
    let rest = s.get(date_end..).unwrap_or("");
    let (time, offset, has_time) = match TIME.captures(rest) {
        Some(c) => {
            let mut hour: u32 = c[1].parse().ok()?;
            if let Some(ampm) = c.get(4) {
                hour = to_24h(hour, ampm.as_str());
            }
            let time = hms(
                &hour.to_string(),
                &c[2],
                c.get(3).map_or("0", |m| m.as_str()),
                0,
            );
            match time {
                Some(t) => (t, c.get(5).and_then(|z| parse_zone(z.as_str())), true),
                None => (NaiveTime::MIN, None, false),
            }
        }
        None => (NaiveTime::MIN, None, false),
    };
    Some(ParsedDate {
        local: date.and_time(time),
        offset,
        has_time,
    })
}

fn trailing_zone(rest: &str) -> Option<FixedOffset> {
    let t = rest.trim_start();
    let token: String = t
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '+' || *c == '-' || *c == ':')
        .collect();
    if token.is_empty() {
        None
    } else {
        parse_zone(&token)
    }
}

fn to_24h(hour: u32, ampm: &str) -> u32 {
    let pm = ampm.to_ascii_lowercase().starts_with('p');
    match (hour, pm) {
        (12, false) => 0,
        (h, true) if h < 12 => h + 12,
        (h, _) => h,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn hms(h: &str, m: &str, s: &str, nanos: u32) -> Option<NaiveTime> {
    let sec: u32 = s.parse().ok()?;
    // Leap seconds and "60" from sloppy CMSs become :59.
    NaiveTime::from_hms_nano_opt(h.parse().ok()?, m.parse().ok()?, sec.min(59), nanos)
}

fn fraction_nanos(f: &str) -> u32 {
    let digits: String = f.chars().take(9).collect();
    let padded = format!("{digits:0<9}");
    padded.parse().unwrap_or(0)
}

/// Parses `Z`, `UTC`, `+02:00`, `+0200`, `+02` and common zone abbreviations.
pub fn parse_zone(z: &str) -> Option<FixedOffset> {
    let z = z.trim();
    let hours = |h: i32| FixedOffset::east_opt(h * 3600);
    match z.to_ascii_uppercase().as_str() {
        "Z" | "UTC" | "GMT" | "UT" | "WET" => return hours(0),
        "BST" | "CET" | "WEST" | "MEZ" | "IST1" => return hours(1),
        "CEST" | "MESZ" | "EET" | "SAST" | "CAT" => return hours(2),
        "EEST" | "MSK" | "EAT" | "AST3" | "TRT" => return hours(3),
        "EST" => return hours(-5),
        "EDT" | "CDT5" => return hours(-4),
        "CST" => return hours(-6),
        "CDT" | "MST7" => return hours(-5),
        "MST" => return hours(-7),
        "MDT" => return hours(-6),
        "PST" => return hours(-8),
        "PDT" => return hours(-7),
        "JST" | "KST" => return hours(9),
        "AEST" => return hours(10),
        "AEDT" => return hours(11),
        "AWST" | "SGT" | "HKT" | "MYT" | "WITA" => return hours(8),
        "WIB" | "ICT" => return hours(7),
        "NZST" => return hours(12),
        "NZDT" => return hours(13),
        _ => {}
    }
    let bytes = z.as_bytes();
    let sign = match bytes.first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let digits: String = z[1..].chars().filter(|c| c.is_ascii_digit()).collect();
    let (h, m) = match digits.len() {
        2 => (digits.parse::<i32>().ok()?, 0),
        4 => (
            digits[..2].parse::<i32>().ok()?,
            digits[2..].parse::<i32>().ok()?,
        ),
        _ => return None,
    };
    if h > 14 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// Month number from a month name or abbreviation in English, German, French,
/// Spanish, Italian, Portuguese, Dutch, Danish/Norwegian/Swedish, Czech,
/// Polish, Turkish and Indonesian.
pub fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    let w = w.as_str();
    const MONTHS: [&[&str]; 12] = [
        &[
            "january", "jan", "januar", "janvier", "janv", "enero", "ene", "gennaio", "gen",
            "janeiro", "januari", "jänner", "jän", "ledna", "leden", "stycznia", "styczeń", "ocak",
            "januára",
        ],
        &[
            "february",
            "feb",
            "februar",
            "février",
            "fevrier",
            "févr",
            "fév",
            "febrero",
            "febbraio",
            "fevereiro",
            "fev",
            "februari",
            "února",
            "únor",
            "lutego",
            "luty",
            "şubat",
            "subat",
            "februára",
        ],
        &[
            "march", "mar", "märz", "maerz", "mär", "mars", "marzo", "março", "marco", "maart",
            "mrt", "marts", "března", "březen", "marca", "marzec", "mart", "maret", "marca",
        ],
        &[
            "april",
            "apr",
            "avril",
            "avr",
            "abril",
            "abr",
            "aprile",
            "dubna",
            "duben",
            "kwietnia",
            "kwiecień",
            "nisan",
            "apríla",
        ],
        &[
            "may", "mai", "mayo", "maggio", "mag", "maio", "mei", "maj", "května", "květen",
            "maja", "mayıs", "mayis", "mája",
        ],
        &[
            "june", "jun", "juni", "juin", "junio", "giugno", "giu", "junho", "června", "červen",
            "czerwca", "czerwiec", "haziran", "júna",
        ],
        &[
            "july",
            "jul",
            "juli",
            "juillet",
            "juil",
            "julio",
            "luglio",
            "lug",
            "julho",
            "července",
            "červenec",
            "lipca",
            "lipiec",
            "temmuz",
            "júla",
        ],
        &[
            "august",
            "aug",
            "août",
            "aout",
            "agosto",
            "ago",
            "augustus",
            "agustus",
            "srpna",
            "srpen",
            "sierpnia",
            "sierpień",
            "ağustos",
            "agustos",
            "augusta",
        ],
        &[
            "september",
            "sep",
            "sept",
            "septembre",
            "septiembre",
            "settembre",
            "set",
            "setembro",
            "září",
            "września",
            "wrzesień",
            "eylül",
            "eylul",
            "septembra",
        ],
        &[
            "october",
            "oct",
            "oktober",
            "okt",
            "octobre",
            "octubre",
            "ottobre",
            "ott",
            "outubro",
            "out",
            "října",
            "říjen",
            "października",
            "październik",
            "ekim",
            "októbra",
        ],
        &[
            "november",
            "nov",
            "novembre",
            "noviembre",
            "novembro",
            "listopadu",
            "listopad",
            "listopada",
            "kasım",
            "kasim",
            "novembra",
            "nopember",
        ],
        &[
            "december",
            "dec",
            "dezember",
            "dez",
            "décembre",
            "decembre",
            "déc",
            "diciembre",
            "dic",
            "dicembre",
            "dezembro",
            "desember",
            "prosince",
            "prosinec",
            "grudnia",
            "grudzień",
            "aralık",
            "aralik",
            "decembra",
            "des",
        ],
    ];
    MONTHS
        .iter()
        .position(|names| names.contains(&w))
        .map(|i| i as u32 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> String {
        parse_date(s)
            .and_then(|d| d.to_fixed())
            .map(|d| d.to_rfc3339())
            .unwrap_or_default()
    }

    #[test]
    fn bare_datelines_are_told_from_text_with_a_date() {
        for line in [
            "Stand: 28.04.2023 17:23 Uhr",
            "Freitag, 28.04.2023, 19:25",
            "Aktualisiert am 07.01.2026 - 18:50 UhrLesedauer: 4 Min.",
            "First Published on Nov 20, 2019 01:38 pm",
            "November 20, 2019 - 11:28 AMT",
            "2018-08-16",
            "2024/05/02 10:30",
            "Publiziert heute um 12:19 Uhr",
            "|Published 15 hours ago",
            "Updated: yesterday",
            "Do 25.04.24 | 14:07 Uhr | Von Eva Kirchner-Rätsch",
            "Published May 9, 2025 at 11:41 a.m. PDT | Updated May 9, 2025 at 7:15 p.m. PDT",
            "Published May 9, 2025 | Updated May 10, 2025",
            "有料記事 2026年11月24日 10時15分",
            "2026年11月24日 10:15",
            "2026년 11월 24일 (화) 09:30",
        ] {
            assert!(is_bare_dateline(line), "{line}");
        }
        for line in [
            "The council met on 28.04.2023 to vote on the new budget.",
            "2018.04.05 ~ OPEN RUN",
            "Tickets cost $19.99 (order #192961)",
            "Doors open at 19:30",
            "— Jane Doe (@jane) July 18, 2026",
            "29 November 2018 | 20 January 2019",
            "Published 29 November 2018 | The exhibition closes 20 January 2019",
            "2018-13-16",
            "2018-08/16",
            "Published today, the report finds rents rising.",
            "Updated guidance is expected next week.",
            "Do 25.04.24 | 14:07 Uhr | Eva Kirchner-Rätsch über das neue Theater",
            "2026年11月24日、奈良文化財研究所が発表した。",
        ] {
            assert!(!is_bare_dateline(line), "{line}");
        }
    }

    #[test]
    fn visible_datelines_with_two_digit_years_are_read() {
        let d = parse_dateline("Do 25.04.24 | 14:07 Uhr  | Von Eva").unwrap();
        assert_eq!(d.local.to_string(), "2024-04-25 14:07:00");
        assert!(d.has_time);
        let d = parse_dateline("Stand: 03.07.2024").unwrap();
        assert_eq!(d.local.to_string(), "2024-07-03 00:00:00");
        assert!(!d.has_time);
        assert_eq!(parse_dateline("Version 1.2.3 released"), None);
        assert_eq!(parse_dateline("Score 45.13.99"), None);
    }

    #[test]
    fn iso_variants_keep_their_zone() {
        assert_eq!(
            iso("2024-11-16T11:56:11.660Z"),
            "2024-11-16T11:56:11.660+00:00"
        );
        assert_eq!(
            iso("2024-11-16T18:56:11+07:00"),
            "2024-11-16T18:56:11+07:00"
        );
        assert_eq!(iso("2024-11-16T18:56:11+0700"), "2024-11-16T18:56:11+07:00");
        assert_eq!(iso("2024-11-16 18:56"), "2024-11-16T18:56:00+00:00");
        assert_eq!(
            iso("2025-06-05T14:46:12.123456+02:00"),
            "2025-06-05T14:46:12.123456+02:00"
        );
        assert!(parse_date("2024-11-16 18:56").unwrap().offset.is_none());
    }

    #[test]
    fn rfc2822_and_numeric_and_textual_dates() {
        assert_eq!(
            iso("Sat, 16 Nov 2024 11:56:11 GMT"),
            "2024-11-16T11:56:11+00:00"
        );
        assert_eq!(iso("16.11.2024, 11:56 Uhr"), "2024-11-16T11:56:00+00:00");
        assert_eq!(iso("16. November 2024, 11:56"), "2024-11-16T11:56:00+00:00");
        assert_eq!(
            iso("Nov. 16, 2024 2:05 PM EST"),
            "2024-11-16T14:05:00-05:00"
        );
        assert_eq!(iso("5 juin 2025 à 14h46"), "2025-06-05T14:46:00+00:00");
        assert_eq!(iso("1731758171"), "2024-11-16T11:56:11+00:00");
        assert_eq!(parse_date("no date here"), None);
        assert_eq!(parse_date("2024-13-45"), None);
    }
}
