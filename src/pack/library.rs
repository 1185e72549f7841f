//! All packs available to a run: the built-ins, then the user's own.

use std::fs;
use std::path::{Path, PathBuf};

use super::{BUILT_IN, DEFAULT_PACK, FileProblems, MAX_PACK_BYTES, Pack, Problem, parse_pack};

/// Where a pack came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    BuiltIn,
    User(PathBuf),
}

#[derive(Debug, Clone, PartialEq)]
pub struct LoadedPack {
    pub pack: Pack,
    pub origin: Origin,
}

/// The packs that loaded, and the problems of the files that did not. A
/// broken file never hides the others.
#[derive(Debug, Clone, Default)]
pub struct Library {
    pub packs: Vec<LoadedPack>,
    pub problems: Vec<FileProblems>,
    /// The user's `default_pack`, if set.
    pub preferred: Option<String>,
}

impl Library {
    /// The built-in packs only.
    pub fn built_in() -> Library {
        let mut library = Library::default();
        for (name, text) in BUILT_IN {
            match parse_pack(text) {
                Ok(pack) => library.packs.push(LoadedPack {
                    pack,
                    origin: Origin::BuiltIn,
                }),
                Err(problems) => library.problems.push(FileProblems {
                    path: Path::new("prompts").join(name),
                    problems,
                }),
            }
        }
        library
    }

    /// The built-ins, then every `*.toml` in `user_dir` (in name order). A
    /// user pack with a built-in's id takes its place.
    pub fn load(user_dir: Option<&Path>) -> Library {
        let mut library = Library::built_in();
        let Some(dir) = user_dir else {
            return library;
        };
        let Ok(read) = fs::read_dir(dir) else {
            // A missing folder simply means no user packs.
            return library;
        };
        let mut paths: Vec<PathBuf> = read
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "toml") && p.is_file())
            .collect();
        paths.sort();
        for path in paths {
            match read_pack_file(&path) {
                Ok(pack) => library.add_user_pack(pack, path),
                Err(problems) => library.problems.push(problems),
            }
        }
        library
    }

    fn add_user_pack(&mut self, pack: Pack, path: PathBuf) {
        let existing = self.packs.iter().position(|p| p.pack.id == pack.id);
        match existing {
            Some(i) if self.packs[i].origin == Origin::BuiltIn => {
                self.packs[i] = LoadedPack {
                    pack,
                    origin: Origin::User(path),
                };
            }
            Some(i) => {
                let Origin::User(first) = &self.packs[i].origin else {
                    unreachable!("built-ins are replaced above");
                };
                self.problems.push(FileProblems {
                    path: path.clone(),
                    problems: vec![Problem {
                        line: 1,
                        column: 1,
                        message: format!(
                            "pack id `{}` is already used by {}; this file was skipped — give one of them another id",
                            pack.id,
                            first.display()
                        ),
                    }],
                });
            }
            None => self.packs.push(LoadedPack {
                pack,
                origin: Origin::User(path),
            }),
        }
    }

    pub fn get(&self, id: &str) -> Option<&LoadedPack> {
        self.packs.iter().find(|p| p.pack.id == id)
    }

    /// The pack to pre-select: the configured default, else Afterword's,
    /// else the first.
    pub fn default_index(&self) -> usize {
        [self.preferred.as_deref(), Some(DEFAULT_PACK)]
            .into_iter()
            .flatten()
            .find_map(|id| self.packs.iter().position(|p| p.pack.id == id))
            .unwrap_or(0)
    }

    /// Pre-selects this pack instead of Afterword's default.
    pub fn prefer(mut self, id: Option<String>) -> Library {
        self.preferred = id;
        self
    }
}

/// Reads and checks one pack file, turning read failures into problems too.
pub fn read_pack_file(path: &Path) -> Result<Pack, FileProblems> {
    let fail = |message: String| FileProblems {
        path: path.to_path_buf(),
        problems: vec![Problem {
            line: 1,
            column: 1,
            message,
        }],
    };
    let size = fs::metadata(path)
        .map_err(|e| fail(format!("cannot read this file: {e}")))?
        .len();
    if size > MAX_PACK_BYTES as u64 {
        return Err(fail(format!(
            "this file is {} KiB; a pack is at most {} KiB — is it the right file?",
            size / 1024,
            MAX_PACK_BYTES / 1024
        )));
    }
    let bytes = fs::read(path).map_err(|e| fail(format!("cannot read this file: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let offset = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..offset];
        let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
        FileProblems {
            path: path.to_path_buf(),
            problems: vec![Problem {
                line,
                column: 1,
                message: "this file is not UTF-8 text; save it as UTF-8".into(),
            }],
        }
    })?;
    parse_pack(&text).map_err(|problems| FileProblems {
        path: path.to_path_buf(),
        problems,
    })
}
