fn main() -> std::process::ExitCode {
    grafcode::cli::main()
}
