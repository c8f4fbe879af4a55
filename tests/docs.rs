//! The documentation stands on its own: every Markdown file that README.md
//! and docs/*.md name is part of the project.

use std::path::Path;

/// The `name.md` and `folder/name.md` words of a text.
fn md_names(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || "_./-".contains(c)))
        .map(|w| w.trim_start_matches("./"))
        .filter(|w| w.len() > 3 && w.ends_with(".md"))
        .collect()
}

#[test]
fn docs_name_only_files_of_the_project() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut docs = vec![root.join("README.md")];
    let mut listed: Vec<_> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    listed.sort();
    docs.extend(listed);
    let mut missing = Vec::new();
    for doc in &docs {
        let text = std::fs::read_to_string(doc).unwrap();
        let here = doc.parent().unwrap();
        for name in md_names(&text) {
            if !here.join(name).is_file() && !root.join(name).is_file() {
                missing.push(format!(
                    "{}: {name}",
                    doc.strip_prefix(root).unwrap().display()
                ));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "names no file of the project: {missing:#?}"
    );
}
