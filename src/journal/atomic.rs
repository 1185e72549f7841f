//! Crash-safe file writes: a temporary file in the same folder, fsync,
//! then a rename (or a link, when nothing may be replaced), then fsync of
//! the folder so the new name itself survives a power cut.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Creates `dir` and any missing parents, private to the user (0700).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

fn temp_path(dir: &Path) -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".afterword-{}-{n}.tmp", std::process::id()))
}

/// Writes `bytes` to a new private (0600) temporary file in `dir`, synced.
fn write_temp(dir: &Path, bytes: &[u8]) -> io::Result<PathBuf> {
    let path = temp_path(dir);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut file = options.open(&path)?;
        file.write_all(bytes)?;
        file.sync_all()
    })();
    match result {
        Ok(()) => Ok(path),
        Err(e) => {
            let _ = fs::remove_file(&path);
            Err(e)
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = dir;
        Ok(())
    }
}

/// Writes a new file under the first name of `names` that does not exist
/// yet, never replacing a file. Returns the path written.
pub fn write_new(
    dir: &Path,
    names: impl IntoIterator<Item = String>,
    bytes: &[u8],
) -> io::Result<PathBuf> {
    create_private_dir(dir)?;
    let temp = write_temp(dir, bytes)?;
    let result = (|| {
        for name in names {
            let target = dir.join(&name);
            // A hard link fails if the name exists, so nothing is ever
            // overwritten, even by another process racing for the name.
            match fs::hard_link(&temp, &target) {
                Ok(()) => return Ok(target),
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            }
        }
        Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            "every candidate file name is taken",
        ))
    })();
    let _ = fs::remove_file(&temp);
    let target = result?;
    sync_dir(dir)?;
    Ok(target)
}

/// Replaces (or creates) `path` atomically: readers see the old file or
/// the new one, never a mix.
pub fn write_replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let temp = write_temp(dir, bytes)?;
    if let Err(e) = fs::rename(&temp, path) {
        let _ = fs::remove_file(&temp);
        return Err(e);
    }
    sync_dir(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_new_never_overwrites_and_takes_the_next_name() {
        let dir = tempfile::tempdir().unwrap();
        let names = || ["a.md".to_string(), "a-2.md".into(), "a-3.md".into()];
        let first = write_new(dir.path(), names(), b"one").unwrap();
        let second = write_new(dir.path(), names(), b"two").unwrap();
        assert_eq!(first.file_name().unwrap(), "a.md");
        assert_eq!(second.file_name().unwrap(), "a-2.md");
        assert_eq!(fs::read(&first).unwrap(), b"one");
        assert_eq!(fs::read(&second).unwrap(), b"two");
        let leftovers: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .ends_with(".tmp")
            })
            .collect();
        assert!(leftovers.is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn files_are_0600_and_new_folders_0700() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("x/y");
        let path = write_new(&nested, ["f.md".to_string()], b"hi").unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&nested), 0o700);
        assert_eq!(mode(&dir.path().join("x")), 0o700);
        write_replace(&nested.join("d"), b"1").unwrap();
        write_replace(&nested.join("d"), b"2").unwrap();
        assert_eq!(fs::read(nested.join("d")).unwrap(), b"2");
        assert_eq!(mode(&nested.join("d")), 0o600);
    }

    #[test]
    fn a_failed_write_leaves_nothing_behind() {
        let dir = tempfile::tempdir().unwrap();
        // A file where the folder should be: creating the folder fails.
        fs::write(dir.path().join("blocked"), b"").unwrap();
        assert!(write_new(&dir.path().join("blocked"), ["a".to_string()], b"x").is_err());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
