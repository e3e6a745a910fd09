//! `grafcode check --explain ID` prints every check's documentation, with its bad and good
//! example.

use assert_cmd::Command;

#[test]
fn every_check_explains_itself_with_examples() {
    for check in grafcode::check::registry() {
        let out = Command::cargo_bin("grafcode")
            .expect("binary")
            .args(["check", "--explain", check.id])
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(0), "{}", check.id);
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(text.starts_with(check.id), "{text}");
        let bad = text
            .find("Bad:")
            .unwrap_or_else(|| panic!("{}: no Bad:", check.id));
        let good = text
            .find("Good:")
            .unwrap_or_else(|| panic!("{}: no Good:", check.id));
        assert!(bad < good, "{}", check.id);
        // Each example is a code block.
        assert!(text[bad..good].contains("```"), "{}", check.id);
        assert!(text[good..].contains("```"), "{}", check.id);
    }
}
