//! Dates as people type them on the command line: `2026-11-21`, `today`,
//! `yesterday`, `7d`, `2w`, `last monday`.

use chrono::{Datelike, Duration, NaiveDate, Weekday};

const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// The day `text` names, counted from `today`.
pub fn parse_day(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let t = text.trim().to_lowercase();
    if let Ok(date) = NaiveDate::parse_from_str(&t, "%Y-%m-%d") {
        return Ok(date);
    }
    match t.as_str() {
        "today" => return Ok(today),
        "yesterday" => return Ok(today - Duration::days(1)),
        _ => {}
    }
    if let Some((number, unit)) = t.split_at_checked(t.len().saturating_sub(1))
        && let Ok(n) = number.parse::<i64>()
        && n >= 0
    {
        let days = match unit {
            "d" => Some(n),
            "w" => n.checked_mul(7),
            _ => None,
        };
        if let Some(days) = days.filter(|d| *d <= 365 * 200) {
            return Ok(today - Duration::days(days));
        }
    }
    let name = t.strip_prefix("last ").unwrap_or(&t);
    if let Some((_, weekday)) = WEEKDAYS.iter().find(|(n, _)| *n == name || n[..3] == *name) {
        // The most recent such day before today.
        let back =
            (today.weekday().num_days_from_monday() + 7 - weekday.num_days_from_monday() - 1) % 7
                + 1;
        return Ok(today - Duration::days(i64::from(back)));
    }
    Err(format!(
        "`{text}` is not a date: use 2026-11-21, today, yesterday, 7d (days ago), 2w (weeks ago) or last monday"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn understands_the_usual_forms() {
        // A Saturday.
        let today = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
        let day = |s| parse_day(s, today).unwrap().to_string();
        assert_eq!(day("2026-01-02"), "2026-01-02");
        assert_eq!(day("today"), "2026-11-21");
        assert_eq!(day("Yesterday"), "2026-11-20");
        assert_eq!(day("7d"), "2026-11-14");
        assert_eq!(day("2w"), "2026-11-07");
        assert_eq!(day("last monday"), "2026-11-16");
        assert_eq!(day("saturday"), "2026-11-14", "the last one before today");
        assert_eq!(day("fri"), "2026-11-20");
        assert!(
            parse_day("next week", today)
                .unwrap_err()
                .contains("is not a date")
        );
        assert!(parse_day("99999999999d", today).is_err());
    }
}
