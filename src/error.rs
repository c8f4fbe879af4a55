//! How errors are worded where offgrid words them itself.

use std::io;

/// An I/O error in plain words, once, and what to do: `no such file or
/// folder (check the path)`, not the operating system's text followed by
/// `(os error 2)`.
pub fn describe_io(e: &io::Error) -> String {
    use io::ErrorKind;
    match e.kind() {
        ErrorKind::NotFound => "no such file or folder (check the path)".to_owned(),
        ErrorKind::PermissionDenied => {
            "permission denied (offgrid needs to read it: check its permissions)".to_owned()
        }
        ErrorKind::IsADirectory => "is a folder, expected a file".to_owned(),
        _ => {
            let text = e.to_string();
            let text = match text.find(" (os error ") {
                Some(at) => &text[..at],
                None => &text,
            };
            lowercase_first(text)
        }
    }
}

/// `m` with its first letter lowercased, for the text of other crates'
/// errors: every message offgrid prints starts lowercase.
pub fn lowercase_first(m: &str) -> String {
    let mut chars = m.chars();
    match chars.next() {
        Some(c) => c.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn io_errors_are_said_once_in_plain_words() {
        let missing = std::fs::File::open("/nonexistent/offgrid/x.zip").unwrap_err();
        assert_eq!(
            describe_io(&missing),
            "no such file or folder (check the path)"
        );
        let other = io::Error::other("Disk quota exceeded (os error 122)");
        assert_eq!(describe_io(&other), "disk quota exceeded");
    }
}
