//! A generated journal for benchmarks and tests: years of realistic
//! entries written through the real writer. Deterministic for a given seed.

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use crate::answer::Answer;
use crate::entry::{ClientCode, Modality, SessionFacts};
use crate::journal::{Journal, JournalError, Storage};
use crate::pack::{Kind, Library};
use crate::reflection::Reflection;

/// A small, fast, deterministic random source (xorshift64*).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const WORDS: &[&str] = &[
    "she",
    "he",
    "they",
    "I",
    "we",
    "felt",
    "noticed",
    "wondered",
    "said",
    "asked",
    "quiet",
    "session",
    "mother",
    "father",
    "sister",
    "work",
    "anger",
    "shame",
    "relief",
    "tired",
    "anxious",
    "hopeful",
    "silence",
    "again",
    "today",
    "after",
    "before",
    "when",
    "because",
    "maybe",
    "perhaps",
    "really",
    "slowly",
    "looked",
    "away",
    "back",
    "room",
    "chair",
    "window",
    "story",
    "memory",
    "childhood",
    "partner",
    "boundary",
    "trust",
    "rupture",
    "repair",
    "alliance",
    "goal",
    "task",
    "homework",
    "resistance",
    "avoidance",
    "grief",
    "loss",
    "plan",
    "next",
    "time",
    "try",
    "name",
    "it",
    "the",
    "a",
    "and",
    "of",
    "to",
    "in",
    "that",
    "with",
    "was",
    "is",
    "not",
    "my",
    "her",
    "his",
    "their",
    "own",
    "part",
    "pattern",
    "care",
    "café",
    "naïve",
    "déjà",
    "Zoë",
    "résumé",
    "über",
    "façade",
    "protective",
    "helpless",
    "curious",
    "bored",
    "irritated",
    "warm",
    "distant",
    "close",
    "laughed",
    "cried",
    "paused",
];

const CLIENTS: usize = 60;

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    for i in 0..words {
        let word = WORDS[rng.below(WORDS.len())];
        if i == 0 {
            let mut chars = word.chars();
            if let Some(first) = chars.next() {
                out.extend(first.to_uppercase());
                out.push_str(chars.as_str());
            }
        } else {
            out.push(' ');
            out.push_str(word);
        }
    }
    out.push('.');
    out
}

/// About `words` words of free text in a few sentences, sometimes on
/// several lines, sometimes with Markdown.
pub fn prose(rng: &mut Rng, words: usize) -> String {
    let mut out = String::new();
    let mut left = words;
    while left > 0 {
        let n = (6 + rng.below(12)).min(left);
        if !out.is_empty() {
            out.push_str(if rng.chance(20) { "\n" } else { " " });
        }
        if rng.chance(5) {
            out.push_str("- ");
        }
        out.push_str(&sentence(rng, n));
        left -= n;
    }
    out
}

/// The packs a practice uses most, with how often.
const MIX: &[(&str, usize)] = &[
    ("post-session", 40),
    ("quick", 30),
    ("rupture", 8),
    ("couples", 8),
    ("countertransference", 6),
    ("culture", 4),
    ("supervision", 2),
    ("self-care", 2),
];

fn pick_pack(rng: &mut Rng) -> &'static str {
    let mut roll = rng.below(100);
    for (id, weight) in MIX {
        if roll < *weight {
            return id;
        }
        roll -= weight;
    }
    "quick"
}

/// Writes `count` entries over ten years before `end` into `journal`,
/// about 200 words of free text each. Returns how many were written.
pub fn generate(
    journal: &Journal,
    count: usize,
    end: DateTime<FixedOffset>,
    seed: u64,
) -> Result<usize, JournalError> {
    let library = Library::built_in();
    let mut rng = Rng::new(seed);
    let span = Duration::days(3652);
    let start = end - span;
    let mut sessions = [0u32; CLIENTS];
    for i in 0..count {
        let pack = &library
            .get(pick_pack(&mut rng))
            .expect("built-in pack")
            .pack;
        let offset = span.num_minutes() * i as i64 / count.max(1) as i64;
        let date = start + Duration::minutes(offset) + Duration::minutes(rng.below(50) as i64);
        let date = FixedOffset::east_opt(3600)
            .and_then(|tz| {
                tz.timestamp_opt(date.timestamp() - date.timestamp() % 60, 0)
                    .single()
            })
            .unwrap_or(date);
        let client = rng.below(CLIENTS);
        sessions[client] += 1;
        let facts = SessionFacts {
            client: ClientCode::new(&format!("C-{client:02}")).expect("valid code"),
            session: sessions[client],
            modality: if pack.id == "couples" {
                Modality::Couple
            } else {
                Modality::Individual
            },
            date,
        };
        let mut reflection = Reflection::new(pack.clone(), facts);
        // About 200 words of free text, over a few answers. Answer in
        // order, so that conditions see earlier answers.
        let mut words_left = 180 + rng.below(40);
        for (_, prompt) in pack.prompts() {
            if !reflection.visible_ids().contains(&prompt.id) {
                continue;
            }
            if !prompt.required && (rng.chance(25) || (prompt.kind.is_text() && words_left == 0)) {
                continue;
            }
            let answer = match &prompt.kind {
                Kind::LongText => {
                    let n = (40 + rng.below(40)).min(words_left).max(8);
                    words_left = words_left.saturating_sub(n);
                    Answer::text(&prose(&mut rng, n))
                }
                Kind::ShortText => Answer::text(&sentence(&mut rng, 3)),
                Kind::Scale { min, max, .. } => Some(Answer::Integer(
                    min + rng.below((max - min + 1) as usize) as i64,
                )),
                Kind::YesNo => Some(Answer::Bool(rng.chance(25))),
                Kind::Number { max, .. } => Some(Answer::Decimal(
                    (rng.below(max.unwrap_or(40.0) as usize) as f64) / 2.0,
                )),
                Kind::SingleChoice { options, .. } => Some(Answer::Choice {
                    id: options[rng.below(options.len())].id.clone(),
                    other: None,
                }),
                Kind::MultiChoice { options, .. } => {
                    let ids: Vec<String> = options
                        .iter()
                        .filter(|_| rng.chance(30))
                        .map(|o| o.id.clone())
                        .collect();
                    (!ids.is_empty()).then_some(Answer::Choices { ids, other: None })
                }
            };
            reflection.set_answer(&prompt.id, answer);
        }
        if rng.chance(10) {
            reflection.flag_choice = Some(true);
        }
        journal.save_entry(&reflection.to_entry(), Some(pack))?;
    }
    Ok(count)
}
