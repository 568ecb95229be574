//! Thin shim: everything lives in the library so tests can use it.

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::cli::main().await
}
