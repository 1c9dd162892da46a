//! The `ancrage` command: parses the command line and hands over to `cli`.

mod cli;

/// jemalloc rather than the system's allocator: see `Cargo.toml`.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
