//! Real git repositories in temp dirs, made with the `git` CLI, for the git/diff tests.
#![allow(dead_code)] // each test binary uses a different part

use std::path::Path;
use std::process::Command;

/// A repository in a temp dir, deleted on drop.
pub struct TestRepo {
    pub dir: tempfile::TempDir,
}

impl TestRepo {
    /// `git init` with a fixed identity and branch name.
    pub fn init() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = TestRepo { dir };
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Runs git in the repository; panics with its stderr when it fails.
    pub fn git(&self, args: &[&str]) -> String {
        git_in(self.path(), args)
    }

    /// Writes a file (creating its directories).
    pub fn write(&self, path: &str, text: &str) {
        let full = self.path().join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
        std::fs::write(full, text).expect("write");
    }

    /// `git add -A && git commit`, returning the new commit id.
    pub fn commit_all(&self, message: &str) -> String {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "-m", message]);
        self.git(&["rev-parse", "HEAD"]).trim().to_string()
    }

    /// A shallow (`--depth 1`) clone of this repository, through `file://` so depth applies.
    pub fn shallow_clone(&self) -> tempfile::TempDir {
        let dest = tempfile::tempdir().expect("tempdir");
        let url = format!("file://{}", self.path().display());
        let target = dest.path().join("clone");
        git_in(
            dest.path(),
            &[
                "clone",
                "-q",
                "--depth",
                "1",
                &url,
                target.to_str().expect("utf-8"),
            ],
        );
        dest
    }
}

/// Runs git in `dir` with a fixed identity and no user/system config.
pub fn git_in(dir: &Path, args: &[&str]) -> String {
    let out = Command::new("git")
        .args(["-c", "safe.directory=*"])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .output()
        .expect("git runs");
    assert!(
        out.status.success(),
        "git {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Whether the tests run as root (then they can chown to another uid).
pub fn running_as_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

/// `chown -R uid:uid path`.
pub fn chown_recursive(path: &Path, uid: u32) {
    let status = Command::new("chown")
        .args(["-R", &format!("{uid}:{uid}"), path.to_str().expect("utf-8")])
        .status()
        .expect("chown runs");
    assert!(status.success(), "chown failed");
}
