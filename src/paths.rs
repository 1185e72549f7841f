//! Where Afterword keeps things: the journal (data) and packs (config).

use std::ffi::OsString;
use std::path::PathBuf;

use directories::ProjectDirs;

/// The folders a run works with. Tests always pass both explicitly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Locations {
    /// Entries and drafts.
    pub journal: PathBuf,
    /// `config.toml` and `packs/`.
    pub config: PathBuf,
}

#[derive(Debug, thiserror::Error)]
#[error(
    "cannot tell where your home folder is; pass --journal DIR (or set AFTERWORD_JOURNAL) and set AFTERWORD_CONFIG"
)]
pub struct NoHome;

impl Locations {
    /// Resolves the folders: `--journal`, then `AFTERWORD_JOURNAL`, then the
    /// platform's data folder; `AFTERWORD_CONFIG`, then the platform's config
    /// folder.
    pub fn resolve(
        journal_flag: Option<PathBuf>,
        env: impl Fn(&str) -> Option<OsString>,
    ) -> Result<Locations, NoHome> {
        let dirs = || ProjectDirs::from("", "", "afterword").ok_or(NoHome);
        let from_env = |key: &str| env(key).filter(|v| !v.is_empty()).map(PathBuf::from);
        let journal = match journal_flag.or_else(|| from_env("AFTERWORD_JOURNAL")) {
            Some(dir) => dir,
            None => dirs()?.data_dir().join("journal"),
        };
        let config = match from_env("AFTERWORD_CONFIG") {
            Some(dir) => dir,
            None => dirs()?.config_dir().to_path_buf(),
        };
        Ok(Locations { journal, config })
    }

    pub fn packs_dir(&self) -> PathBuf {
        self.config.join("packs")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flag_beats_environment() {
        let env = |k: &str| match k {
            "AFTERWORD_JOURNAL" => Some(OsString::from("/env/journal")),
            "AFTERWORD_CONFIG" => Some(OsString::from("/env/config")),
            _ => None,
        };
        let l = Locations::resolve(Some("/flag".into()), env).unwrap();
        assert_eq!(l.journal, PathBuf::from("/flag"));
        assert_eq!(l.config, PathBuf::from("/env/config"));
        assert_eq!(l.packs_dir(), PathBuf::from("/env/config/packs"));
        let l = Locations::resolve(None, env).unwrap();
        assert_eq!(l.journal, PathBuf::from("/env/journal"));
    }
}
