//! The time, injected so that tests never read the real clock.

use chrono::{DateTime, FixedOffset, Local};

pub trait Clock {
    fn now(&self) -> DateTime<FixedOffset>;
}

/// The computer's clock, in its local time zone.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<FixedOffset> {
        Local::now().fixed_offset()
    }
}

/// Always the same moment.
pub struct FixedClock(pub DateTime<FixedOffset>);

impl Clock for FixedClock {
    fn now(&self) -> DateTime<FixedOffset> {
        self.0
    }
}

/// The clock for this process. Debug builds honour `AFTERWORD_TEST_NOW`
/// (an RFC 3339 date-time) so that end-to-end tests get a fixed time;
/// release builds always use the system clock.
pub fn process_clock() -> Box<dyn Clock> {
    #[cfg(debug_assertions)]
    if let Some(now) = std::env::var("AFTERWORD_TEST_NOW")
        .ok()
        .and_then(|s| DateTime::parse_from_rfc3339(&s).ok())
    {
        return Box::new(FixedClock(now));
    }
    Box::new(SystemClock)
}
