fn main() {
    let (code, leftovers) = offgrid::commands::main();
    // `exit` runs no destructors: what the command left is freed by the
    // system at once, not value by value (commands::Leftovers).
    let _kept = leftovers;
    std::process::exit(code);
}
