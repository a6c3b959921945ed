use std::process::ExitCode;

use bulletin::cli::{Cli, run};
use bulletin::output::terminal_safe;

// Indexing allocates and frees a String or Vec per field, value and token
// batch; mimalloc's thread-local free lists cut that cost well below glibc's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse_args();
    let index = cli.paths.index.display().to_string();
    // A damaged index can make the search library panic; that is an error
    // to explain, not a crash.
    bulletin::fault::install_hook();
    let result = match std::panic::catch_unwind(move || run(cli)) {
        Ok(result) => result,
        Err(_) => {
            let fault = bulletin::fault::take_last();
            eprintln!("error: {}", bulletin::fault::explain(fault, &index));
            return ExitCode::FAILURE;
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        // `bulletin search … | head`: the reader left; that is not an error.
        Err(err) if is_broken_pipe(&err) => ExitCode::SUCCESS,
        Err(err) if err.downcast_ref::<bulletin::cli::UsageError>().is_some() => {
            eprintln!("error: {}", terminal_safe(&format!("{err:#}")));
            ExitCode::from(bulletin::cli::USAGE_EXIT_CODE)
        }
        Err(err) => {
            eprintln!("error: {}", terminal_safe(&format!("{err:#}")));
            ExitCode::FAILURE
        }
    }
}

/// Whether the error is a write to a reader that has gone, directly or
/// inside serde_json's error (`search --format json | head`).
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    let broken = Some(std::io::ErrorKind::BrokenPipe);
    err.chain().any(|cause| {
        cause.downcast_ref::<std::io::Error>().map(|io| io.kind()) == broken
            || cause
                .downcast_ref::<serde_json::Error>()
                .and_then(serde_json::Error::io_error_kind)
                == broken
    })
}
