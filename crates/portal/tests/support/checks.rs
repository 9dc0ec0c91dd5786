//! Soft assertions for long replays: every failed check is recorded with its context, and
//! [`Checks::finish`] fails the test listing all of them (so one server bug does not hide
//! the next).

use std::fmt::Debug;

use serde_json::Value;

use super::fixtures::Step;
use super::Reply;

/// The failed checks of one test run.
#[must_use = "call finish() to fail the test on recorded failures"]
pub struct Checks {
    label: String,
    failures: Vec<String>,
}

impl Checks {
    /// Checks for one run, e.g. labelled with the backend.
    pub fn new(label: impl Into<String>) -> Self {
        Checks {
            label: label.into(),
            failures: Vec::new(),
        }
    }

    /// Records `what` unless `ok`.
    pub fn that(&mut self, ok: bool, what: impl FnOnce() -> String) -> bool {
        if !ok {
            let msg = what();
            eprintln!("[{}] FAILED: {msg}", self.label);
            self.failures.push(msg);
        }
        ok
    }

    /// Records a failure unless `got == want`.
    pub fn eq<T: PartialEq + Debug>(&mut self, got: T, want: T, what: &str) -> bool {
        let ok = got == want;
        self.that(ok, || format!("{what}: expected {want:?}, got {got:?}"))
    }

    /// Checks the status of a replayed step against its `correct_server`, and that a body
    /// comes as `application/scim+json`.
    pub fn step_status(&mut self, step: &Step, request: &str, reply: &Reply) -> bool {
        let expected = step.expected_statuses();
        let ok = self.that(expected.contains(&reply.status), || {
            format!(
                "{request}\n    expected status {expected:?} ({})\n    got {} {}",
                step.correct_server, reply.status, reply.text
            )
        });
        if !reply.text.is_empty() {
            self.that(
                reply.content_type.starts_with("application/scim+json"),
                || {
                    format!(
                        "{request}: expected Content-Type application/scim+json, got {:?}",
                        reply.content_type
                    )
                },
            );
        }
        ok
    }

    /// Records a failure when `value` is not a JSON integer.
    pub fn integer(&mut self, value: &Value, what: &str) -> bool {
        self.that(value.is_u64() || value.is_i64(), || {
            format!("{what}: expected an integer, got {value}")
        })
    }

    /// The number of failures so far.
    pub fn failed(&self) -> usize {
        self.failures.len()
    }

    /// Fails the test listing every recorded failure.
    pub fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "[{}] {} check(s) failed:\n  - {}",
            self.label,
            self.failures.len(),
            self.failures.join("\n  - ")
        );
    }
}
