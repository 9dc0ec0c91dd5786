//! The recorded Okta and Entra SCIM requests (`shared/testdata/scim`), and a replayer that
//! sends them to a [`TestApp`] as recorded: placeholders substituted as plain text in the
//! path, the header values and the serialized body; captures read from the responses.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use super::{send, Reply, TestApp};

/// Where the fixture files live (`/work/shared/testdata/scim` beside the repository).
pub const FIXTURE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/testdata/scim");

/// One recorded flow file.
#[derive(Debug, Clone, Deserialize)]
pub struct Flow {
    /// `okta` or `entra`.
    pub provider: String,
    /// The flow name, e.g. `group-member-remove`.
    pub flow: String,
    /// The requests, in order.
    pub steps: Vec<Step>,
    /// The file name (set after loading).
    #[serde(skip)]
    pub file: String,
}

/// One recorded request.
#[derive(Debug, Clone, Deserialize)]
pub struct Step {
    /// e.g. `okta-11`.
    pub id: String,
    /// Human summary.
    pub title: String,
    /// HTTP method.
    pub method: String,
    /// Path and query relative to the SCIM base URL, encoded as the client sends it.
    pub path: String,
    /// Headers as recorded, in order.
    pub headers: Map<String, Value>,
    /// The JSON body, if any.
    pub body: Option<Value>,
    /// placeholder ← JSON pointer into this step's response.
    #[serde(default)]
    pub captures: Map<String, Value>,
    /// What a correct server answers.
    pub correct_server: String,
}

impl Step {
    /// The status codes `correct_server` allows: the code it starts with and each code
    /// following an "or", before its first `;` or `,` ("204 No Content or 200; …" →
    /// [204, 200]; "200 or 204, not 400; …" → [200, 204]).
    pub fn expected_statuses(&self) -> Vec<u16> {
        let head = self
            .correct_server
            .split([';', ','])
            .next()
            .unwrap_or_default();
        let status = |t: &str| {
            t.parse::<u16>()
                .ok()
                .filter(|s| t.len() == 3 && (100..600).contains(s))
        };
        let tokens: Vec<&str> = head.split_whitespace().collect();
        let mut out: Vec<u16> = tokens.first().and_then(|t| status(t)).into_iter().collect();
        if out.is_empty() {
            return out;
        }
        for pair in tokens.windows(2) {
            if pair[0] == "or" {
                out.extend(status(pair[1]));
            }
        }
        out
    }
}

/// Every flow of `provider` (`okta`, `entra`), in file-name order.
pub fn flows(provider: &str) -> Vec<Flow> {
    let dir = format!("{FIXTURE_DIR}/{provider}");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("fixture directory {dir}: {e}"))
        .map(|e| e.expect("directory entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            let mut flow: Flow =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            flow.file = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            flow
        })
        .collect()
}

/// The step with this id among `provider`'s flows.
pub fn step(provider: &str, id: &str) -> Step {
    flows(provider)
        .into_iter()
        .flat_map(|f| f.steps)
        .find(|s| s.id == id)
        .unwrap_or_else(|| panic!("no fixture step {id} for {provider}"))
}

/// Replays steps against one app, keeping the placeholder values.
pub struct Replayer<'a> {
    app: &'a TestApp,
    vars: BTreeMap<String, String>,
    agent: ureq::Agent,
    overrides: Vec<(String, String)>,
}

/// An HTTP agent that adds no `Accept` or `User-Agent` of its own: a step carries exactly
/// the headers recorded (Entra sends no `Accept`).
fn verbatim_agent() -> ureq::Agent {
    use ureq::config::AutoHeaderValue;
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .accept(AutoHeaderValue::None)
        .user_agent(AutoHeaderValue::None)
        .build()
        .new_agent()
}

impl<'a> Replayer<'a> {
    /// `{{scim_token}}` is the app's SCIM key; the rest come from captures.
    pub fn new(app: &'a TestApp) -> Self {
        let mut vars = BTreeMap::new();
        vars.insert("scim_token".to_owned(), app.scim_key.clone());
        Replayer {
            app,
            vars,
            agent: verbatim_agent(),
            overrides: Vec::new(),
        }
    }

    /// From now on, a recorded header `name` (any case) is sent with `value` instead, e.g.
    /// `Content-Type: application/json` (which Gatehouse accepts too).
    pub fn override_header(&mut self, name: &str, value: &str) {
        self.overrides.push((name.to_owned(), value.to_owned()));
    }

    /// Sets a placeholder's value.
    pub fn set(&mut self, name: &str, value: &str) {
        self.vars.insert(name.to_owned(), value.to_owned());
    }

    /// A placeholder's value (panics when it was never captured).
    pub fn var(&self, name: &str) -> String {
        self.vars
            .get(name)
            .cloned()
            .unwrap_or_else(|| panic!("placeholder {{{{{name}}}}} has no value yet"))
    }

    /// `text` with every `{{name}}` replaced (panics on an unknown placeholder).
    pub fn fill(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("{{") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after
                .find("}}")
                .unwrap_or_else(|| panic!("unclosed placeholder in {text:?}"));
            out.push_str(&self.var(&after[..end]));
            rest = &after[end + 2..];
        }
        out.push_str(rest);
        out
    }

    /// The step's body with placeholders filled in its serialized text.
    pub fn body(&self, step: &Step) -> Option<Value> {
        step.body.as_ref().map(|b| {
            let text = self.fill(&serde_json::to_string(b).expect("serialize body"));
            serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{}: body after substitution: {e}", step.id))
        })
    }

    /// `METHOD path` of the step after substitution, with its body: for failure messages.
    pub fn describe(&self, step: &Step) -> String {
        let mut s = format!("{} {} {}", step.id, step.method, self.fill(&step.path));
        if let Some(b) = self.body(step) {
            s.push(' ');
            s.push_str(&b.to_string());
        }
        s
    }

    /// Sends the step as recorded and follows its captures.
    pub fn send(&mut self, step: &Step) -> Reply {
        let url = format!("{}{}", self.app.scim_url(), self.fill(&step.path));
        let headers: Vec<(String, String)> = step
            .headers
            .iter()
            .map(|(k, v)| {
                let v = v
                    .as_str()
                    .unwrap_or_else(|| panic!("{}: header {k} is not a string", step.id));
                let v = self
                    .overrides
                    .iter()
                    .find(|(name, _)| name.eq_ignore_ascii_case(k))
                    .map_or(v, |(_, value)| value.as_str());
                (k.clone(), self.fill(v))
            })
            .collect();
        let header_refs: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let body = self.body(step);
        let reply = send(&self.agent, &step.method, &url, &header_refs, body.as_ref());
        for (name, pointer) in &step.captures {
            let pointer = pointer.as_str().expect("capture pointer");
            let value = reply
                .json
                .pointer(pointer)
                .and_then(Value::as_str)
                .unwrap_or_else(|| {
                    panic!(
                        "{}: cannot capture {name} from {pointer}: {} {}",
                        self.describe(step),
                        reply.status,
                        reply.text
                    )
                });
            self.vars.insert(name.clone(), value.to_owned());
        }
        reply
    }
}
