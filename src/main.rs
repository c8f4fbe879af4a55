fn main() {
    std::process::exit(offgrid::commands::main());
}
