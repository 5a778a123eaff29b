use std::process::ExitCode;

/// mimalloc instead of the system's malloc: rendering a page allocates and frees many small
/// strings and nodes, and with glibc's malloc that was about a third of the render's time
/// (docs/benchmarks.md, "where the time goes").
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    server::cli::run()
}
