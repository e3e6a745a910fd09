/// The binary's allocator (see Cargo.toml); the library leaves the choice to its users.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    grafcode::cli::main()
}
