//! Call-record times: milliseconds since the Unix epoch, written as ISO-8601 UTC.
//!
//! Every stored time has the same shape, `YYYY-MM-DDTHH:MM:SS.mmmZ`, so that the strings sort in time
//! order (DynamoDB and SQLite compare them as text). The calendar arithmetic is the proleptic Gregorian
//! conversion of days since 1970-01-01; a dependency would only add build time for two functions.

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A point in time, in milliseconds since 1970-01-01T00:00:00Z.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Timestamp(pub u64);

/// Text that is not a time of the shape this module writes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not an ISO-8601 UTC time like 2025-01-31T23:59:59.123Z")]
pub struct TimestampError {
    pub text: String,
}

const MS_PER_DAY: u64 = 86_400_000;

impl Timestamp {
    /// A clock reading; times before 1970 (a broken clock) count as the epoch.
    pub fn from_system_time(time: SystemTime) -> Self {
        let since = time.duration_since(UNIX_EPOCH).unwrap_or(Duration::ZERO);
        Self(u64::try_from(since.as_millis()).unwrap_or(u64::MAX))
    }

    /// Whole seconds since the epoch, as DynamoDB's TTL attribute wants them.
    pub fn epoch_seconds(self) -> u64 {
        self.0 / 1000
    }

    /// Parses `YYYY-MM-DDTHH:MM:SS[.fff]Z`; fractions shorter or longer than milliseconds are accepted.
    pub fn parse(text: &str) -> Result<Self, TimestampError> {
        parse_iso(text).ok_or_else(|| TimestampError {
            text: text.to_owned(),
        })
    }
}

impl fmt::Display for Timestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let days = self.0 / MS_PER_DAY;
        let in_day = self.0 % MS_PER_DAY;
        let (year, month, day) = civil_from_days(days);
        let (hour, minute) = (in_day / 3_600_000, in_day / 60_000 % 60);
        let (second, milli) = (in_day / 1000 % 60, in_day % 1000);
        write!(
            f,
            "{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.{milli:03}Z"
        )
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Self::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Year, month (1..=12) and day (1..=31) of a day count since 1970-01-01 (H. Hinnant's algorithm).
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the era to start on 0000-03-01 so that leap days fall at the end of a year.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Days since 1970-01-01 of a date on or after it; `None` for earlier dates.
fn days_from_civil(year: u64, month: u64, day: u64) -> Option<u64> {
    let year = if month <= 2 {
        year.checked_sub(1)?
    } else {
        year
    };
    let era = year / 400;
    let year_of_era = year % 400;
    let shifted_month = if month > 2 { month - 3 } else { month + 9 };
    let day_of_year = (153 * shifted_month + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    (era * 146_097 + day_of_era).checked_sub(719_468)
}

fn parse_iso(text: &str) -> Option<Timestamp> {
    let number = |from: usize, to: usize| -> Option<u64> {
        let digits = text.get(from..to)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let separators_ok = [(4, b'-'), (7, b'-'), (10, b'T'), (13, b':'), (16, b':')]
        .iter()
        .all(|&(at, want)| text.as_bytes().get(at) == Some(&want));
    if !separators_ok || !text.ends_with('Z') {
        return None;
    }
    let (year, month, day) = (number(0, 4)?, number(5, 7)?, number(8, 10)?);
    let (hour, minute, second) = (number(11, 13)?, number(14, 16)?, number(17, 19)?);
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return None;
    }
    let fraction = text.get(19..text.len() - 1)?;
    let milli = match fraction.strip_prefix('.') {
        None if fraction.is_empty() => 0,
        Some(digits) if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) => {
            // Keep the first three digits, padding shorter fractions: ".5" is 500 ms.
            let padded = format!("{digits:0<3}");
            padded.get(..3)?.parse().ok()?
        }
        _ => return None,
    };
    let days = days_from_civil(year, month, day)?;
    let in_day = ((hour * 60 + minute) * 60 + second) * 1000 + milli;
    Some(Timestamp(days * MS_PER_DAY + in_day))
}

fn days_in_month(year: u64, month: u64) -> u64 {
    let leap = year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400));
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_dynamodb::primitives::{DateTime, DateTimeFormat};

    #[test]
    fn formats_with_fixed_millisecond_precision() {
        assert_eq!(Timestamp(0).to_string(), "1970-01-01T00:00:00.000Z");
        assert_eq!(
            Timestamp(1_700_000_000_120).to_string(),
            "2023-11-14T22:13:20.120Z"
        );
        assert_eq!(
            Timestamp(951_782_400_000).to_string(),
            "2000-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn agrees_with_the_sdk_date_time_over_four_centuries() {
        // A day and a bit more per step walks through every month, leap day and century rule.
        let mut ms = 0_u64;
        while ms < 13_000_000_000_000 {
            let ours = Timestamp(ms).to_string();
            let sdk = DateTime::from_str(&ours, DateTimeFormat::DateTime)
                .map(|t| u64::try_from(t.to_millis().unwrap_or(-1)).unwrap_or(u64::MAX));
            assert_eq!(sdk.ok(), Some(ms), "{ours}");
            assert_eq!(Timestamp::parse(&ours), Ok(Timestamp(ms)));
            ms += 86_400_000 + 3_723_456;
        }
    }

    #[test]
    fn parses_other_fraction_lengths_and_rejects_other_shapes() {
        let parsed = |text: &str| Timestamp::parse(text).map(|t| t.0);
        assert_eq!(parsed("1970-01-01T00:00:01Z"), Ok(1000));
        assert_eq!(parsed("1970-01-01T00:00:01.5Z"), Ok(1500));
        assert_eq!(parsed("1970-01-01T00:00:01.123456Z"), Ok(1123));
        for bad in [
            "",
            "1970-01-01 00:00:01Z",
            "1970-01-01T00:00:01",
            "1970-02-30T00:00:00Z",
            "1969-12-31T23:59:59Z",
            "1970-01-01T00:00:01.Z",
            "1970-01-01T24:00:00Z",
            "+970-01-01T00:00:00Z",
        ] {
            assert!(Timestamp::parse(bad).is_err(), "{bad}");
        }
    }
}
