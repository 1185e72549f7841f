//! What the journal remembers about each client code, for completion and
//! the next session number.

use std::collections::BTreeMap;

use chrono::{DateTime, FixedOffset};

use super::Index;
use crate::entry::{ClientCode, Modality};

#[derive(Debug, Clone, PartialEq)]
pub struct ClientRecord {
    pub last_session: u32,
    pub last_date: DateTime<FixedOffset>,
    pub modality: Modality,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub struct ClientHistory {
    pub clients: BTreeMap<ClientCode, ClientRecord>,
}

impl ClientHistory {
    pub fn from_index(index: &Index) -> ClientHistory {
        let mut history = ClientHistory::default();
        for entry in &index.entries {
            // Codes edited by hand into something invalid are left out.
            if let Ok(client) = ClientCode::new(&entry.client) {
                history.add(client, entry.session, entry.date, entry.modality);
            }
        }
        history
    }

    pub fn add(
        &mut self,
        client: ClientCode,
        session: u32,
        date: DateTime<FixedOffset>,
        modality: Modality,
    ) {
        let record = self.clients.entry(client).or_insert(ClientRecord {
            last_session: session,
            last_date: date,
            modality,
        });
        if session >= record.last_session {
            record.last_session = session;
            record.modality = modality;
        }
        if date > record.last_date {
            record.last_date = date;
        }
    }

    /// The session number to suggest: one after the last, or 1.
    pub fn next_session(&self, client: &ClientCode) -> u32 {
        self.clients
            .get(client)
            .map_or(1, |r| r.last_session.saturating_add(1))
    }

    /// Known codes starting with `prefix` (ignoring case), most recent first.
    pub fn completions(&self, prefix: &str) -> Vec<&ClientCode> {
        let prefix = prefix.to_lowercase();
        let mut matches: Vec<(&ClientCode, &ClientRecord)> = self
            .clients
            .iter()
            .filter(|(c, _)| c.as_str().to_lowercase().starts_with(&prefix))
            .collect();
        matches.sort_by(|a, b| b.1.last_date.cmp(&a.1.last_date).then(a.0.cmp(b.0)));
        matches.into_iter().map(|(c, _)| c).collect()
    }
}
