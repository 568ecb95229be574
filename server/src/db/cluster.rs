//! The private PostgreSQL cluster used when no `DATABASE_URL` is given (design.md §8).
//!
//! It lives in `<data dir>/postgres` and listens only on a Unix socket in `<data dir>/run` (no
//! TCP port, so it cannot clash with another server). Local connections are trusted: the socket
//! directory is private to the user running the cluster. PostgreSQL refuses to run as root, so
//! when we are root the cluster runs as the `postgres` system user. The cluster keeps running
//! after the server exits, so the next start is instant; `server db stop` stops it.

use std::ffi::OsStr;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sqlx::postgres::PgConnectOptions;
use tokio::process::Command;

/// Port number in the socket's file name (`.s.PGSQL.<port>`); no TCP port is opened.
const SOCKET_PORT: u16 = 55432;
/// Unix socket paths are limited to 107 bytes.
const MAX_SOCKET_PATH: usize = 100;
const SYSTEM_USER: &str = "postgres";

#[derive(Debug, Clone)]
pub struct Cluster {
    base: PathBuf,
    bin_dir: PathBuf,
    as_system_user: bool,
}

fn is_root() -> bool {
    std::fs::metadata("/proc/self")
        .map(|m| m.uid() == 0)
        .unwrap_or(false)
}

/// Finds `initdb` and `pg_ctl`: on PATH, via `pg_config --bindir`, or in Debian's
/// `/usr/lib/postgresql/<version>/bin` (newest first).
fn find_bin_dir() -> Option<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    if let Some(path) = std::env::var_os("PATH") {
        for dir in std::env::split_paths(&path) {
            if has_tools(&dir) {
                return Some(dir);
            }
        }
    }
    if let Ok(out) = std::process::Command::new("pg_config")
        .arg("--bindir")
        .output()
    {
        let dir = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
        if out.status.success() && has_tools(&dir) {
            return Some(dir);
        }
    }
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let dir = e.path().join("bin");
            has_tools(&dir).then_some((version, dir))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, dir)| dir)
}

impl Cluster {
    /// Decides where the cluster lives and which binaries run it; starts nothing.
    pub fn locate(data_dir: &Path) -> anyhow::Result<Self> {
        let bin_dir = find_bin_dir().context(
            "PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH, via pg_config, \
             or in /usr/lib/postgresql/*/bin. Install them (Debian/Ubuntu: `apt-get install \
             postgresql`), or set DATABASE_URL to use an existing server.",
        )?;
        std::fs::create_dir_all(data_dir)
            .with_context(|| format!("cannot create the data directory {}", data_dir.display()))?;
        let base = std::fs::canonicalize(data_dir)?;
        let as_system_user = is_root();
        let mut cluster = Cluster {
            base,
            bin_dir,
            as_system_user,
        };
        if !cluster.usable_location() {
            // The socket path would be too long, or the `postgres` user cannot reach the data
            // directory (a checkout under /root, say): use a private directory under /var/tmp,
            // one per data directory.
            let mut hash: u64 = 0xcbf29ce484222325;
            for b in cluster.base.as_os_str().as_encoded_bytes() {
                hash = (hash ^ u64::from(*b)).wrapping_mul(0x100000001b3);
            }
            let fallback = PathBuf::from(format!("/var/tmp/service-credits-{hash:016x}"));
            tracing::info!(
                from = %cluster.base.display(),
                to = %fallback.display(),
                "the cluster cannot live in the data directory; using a private directory instead"
            );
            std::fs::create_dir_all(&fallback)?;
            cluster.base = fallback;
        }
        Ok(cluster)
    }

    fn usable_location(&self) -> bool {
        if self.socket_file().as_os_str().len() > MAX_SOCKET_PATH {
            return false;
        }
        if !self.as_system_user {
            return true;
        }
        // Can the postgres user reach (traverse) the base directory?
        std::process::Command::new("runuser")
            .args(["-u", SYSTEM_USER, "--", "test", "-x"])
            .arg(&self.base)
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
    }

    pub fn data_dir(&self) -> PathBuf {
        self.base.join("postgres")
    }

    pub fn socket_dir(&self) -> PathBuf {
        self.base.join("run")
    }

    fn socket_file(&self) -> PathBuf {
        self.socket_dir().join(format!(".s.PGSQL.{SOCKET_PORT}"))
    }

    fn log_file(&self) -> PathBuf {
        self.base.join("postgres.log")
    }

    /// Connection options for the bootstrap superuser, over the socket.
    pub fn owner_options(&self, database: &str) -> PgConnectOptions {
        PgConnectOptions::new_without_pgpass()
            .socket(self.socket_dir())
            .port(SOCKET_PORT)
            .username(SYSTEM_USER)
            .database(database)
            .application_name("service-credits-admin")
    }

    /// A `DATABASE_URL` for `database` in this cluster (for psql, tests, or `DATABASE_URL=`).
    pub fn url(&self, database: &str) -> String {
        format!(
            "postgres://{SYSTEM_USER}@localhost:{SOCKET_PORT}/{database}?host={}",
            self.socket_dir().display()
        )
    }

    fn command(&self, program: &str) -> Command {
        let binary = self.bin_dir.join(program);
        if self.as_system_user {
            let mut cmd = Command::new("runuser");
            cmd.args(["-u", SYSTEM_USER, "--"]).arg(binary);
            cmd
        } else {
            Command::new(binary)
        }
    }

    async fn run(&self, program: &str, args: &[&OsStr]) -> anyhow::Result<std::process::Output> {
        let output = self
            .command(program)
            .args(args)
            .stdin(std::process::Stdio::null())
            .output()
            .await
            .with_context(|| format!("could not run {program}"))?;
        Ok(output)
    }

    async fn chown_to_system_user(&self, path: &Path) -> anyhow::Result<()> {
        if self.as_system_user {
            let status = Command::new("chown")
                .arg(format!("{SYSTEM_USER}:"))
                .arg(path)
                .status()
                .await?;
            if !status.success() {
                bail!(
                    "could not hand {} to the {SYSTEM_USER} user",
                    path.display()
                );
            }
        }
        Ok(())
    }

    pub async fn is_running(&self) -> anyhow::Result<bool> {
        if !self.data_dir().join("PG_VERSION").exists() {
            return Ok(false);
        }
        let out = self
            .run(
                "pg_ctl",
                &[
                    "status".as_ref(),
                    "-D".as_ref(),
                    self.data_dir().as_os_str(),
                ],
            )
            .await?;
        Ok(out.status.success() && self.socket_file().exists())
    }

    /// Initialises the cluster if needed and starts it unless it is already running.
    pub async fn ensure_running(&self) -> anyhow::Result<()> {
        if self.is_running().await? {
            return Ok(());
        }
        std::fs::create_dir_all(self.socket_dir())?;
        self.chown_to_system_user(&self.base).await?;
        self.chown_to_system_user(&self.socket_dir()).await?;
        if !self.data_dir().join("PG_VERSION").exists() {
            let data_dir = self.data_dir();
            let out = self
                .run(
                    "initdb",
                    &[
                        "-D".as_ref(),
                        data_dir.as_os_str(),
                        "-U".as_ref(),
                        SYSTEM_USER.as_ref(),
                        "--auth=trust".as_ref(),
                        "--encoding=UTF8".as_ref(),
                        "--no-locale".as_ref(),
                    ],
                )
                .await?;
            if !out.status.success() {
                bail!("initdb failed:\n{}", String::from_utf8_lossy(&out.stderr));
            }
        }
        // Only the socket: no TCP listener. Quoted because pg_ctl hands -o to a shell.
        let server_options = format!(
            "-c listen_addresses='' -c unix_socket_directories='{}' -c unix_socket_permissions=0700 -p {SOCKET_PORT}",
            self.socket_dir().display()
        );
        let data_dir = self.data_dir();
        let log_file = self.log_file();
        let out = self
            .run(
                "pg_ctl",
                &[
                    "start".as_ref(),
                    "-w".as_ref(),
                    "-t".as_ref(),
                    "60".as_ref(),
                    "-D".as_ref(),
                    data_dir.as_os_str(),
                    "-l".as_ref(),
                    log_file.as_os_str(),
                    "-o".as_ref(),
                    server_options.as_ref(),
                ],
            )
            .await?;
        if !out.status.success() {
            let log = std::fs::read_to_string(self.log_file()).unwrap_or_default();
            let tail: Vec<&str> = log.lines().rev().take(15).collect();
            bail!(
                "PostgreSQL did not start:\n{}\n{}",
                String::from_utf8_lossy(&out.stderr),
                tail.into_iter().rev().collect::<Vec<_>>().join("\n")
            );
        }
        Ok(())
    }

    /// Stops the cluster and deletes its files, wherever they live.
    pub async fn destroy(&self) -> anyhow::Result<()> {
        self.stop().await?;
        for dir in [self.data_dir(), self.socket_dir()] {
            if dir.exists() {
                std::fs::remove_dir_all(&dir)
                    .with_context(|| format!("cannot remove {}", dir.display()))?;
            }
        }
        let _ = std::fs::remove_file(self.log_file());
        Ok(())
    }

    pub async fn stop(&self) -> anyhow::Result<bool> {
        if !self.is_running().await? {
            return Ok(false);
        }
        let data_dir = self.data_dir();
        let out = self
            .run(
                "pg_ctl",
                &[
                    "stop".as_ref(),
                    "-m".as_ref(),
                    "fast".as_ref(),
                    "-D".as_ref(),
                    data_dir.as_os_str(),
                ],
            )
            .await?;
        if !out.status.success() {
            bail!(
                "pg_ctl stop failed: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        Ok(true)
    }
}
