//! Test harness: the real Gatehouse server on a random port, against a fresh SQLite file or
//! PostgreSQL database, with a small HTTP client.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

pub mod scenario;

use std::net::TcpListener;
use std::sync::mpsc;
use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use serde_json::Value;
use store::testing::TestDb;
use store::Store;

pub mod checks;
pub mod extra_server;
pub mod fixtures;
pub mod resources;
pub mod scim_client;

/// A running server and everything needed to talk to it. Stops and drops its database on drop.
pub struct TestApp {
    pub base_url: String,
    pub scim_key: String,
    pub store: Store,
    pub backend: &'static str,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
    pub agent: ureq::Agent,
    // Last: dropped after the server stopped.
    _db: TestDb,
}

/// Runs `test` against SQLite and (when reachable, or required by GATEHOUSE_REQUIRE_PG) PostgreSQL.
pub fn each_backend(test: impl Fn(TestApp)) {
    for db in TestDb::all().expect("test databases") {
        test(TestApp::spawn_on(db));
    }
}

/// Starts another server process-equivalent on the same database (scale-out tests).
pub fn spawn_server(
    store: Store,
    public_url: Option<String>,
) -> (String, ServerHandle, JoinHandle<()>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    let base_url = public_url.unwrap_or_else(|| format!("http://127.0.0.1:{port}"));
    let mut config = portal::Config::new(base_url.clone());
    config.max_page_size = 1000;
    let state = portal::build_state(store, config).unwrap();
    let (tx, rx) = mpsc::channel();
    let thread = std::thread::spawn(move || {
        let sys = actix_web::rt::System::new();
        sys.block_on(async move {
            let server = portal::run(listener, state).unwrap();
            tx.send(server.handle()).unwrap();
            server.await.unwrap();
        });
    });
    let handle = rx.recv().unwrap();
    (base_url, handle, thread)
}

impl TestApp {
    pub fn spawn_on(db: TestDb) -> TestApp {
        let store = db.open().expect("open test database");
        let gate = portal::services::scim_gate::ScimGate::default();
        portal::services::scim_config::update(&store, &gate, true, "okta").unwrap();
        let scim_key = portal::services::scim_config::rotate_key(&store, &gate).unwrap();
        let (base_url, handle, thread) = spawn_server(store.clone(), None);
        let backend = match db.backend() {
            store::Backend::Sqlite => "sqlite",
            store::Backend::Postgres => "postgres",
        };
        TestApp {
            base_url,
            scim_key,
            store,
            backend,
            handle,
            thread: Some(thread),
            agent: agent(),
            _db: db,
        }
    }

    /// The database URL (to open another [`Store`] on the same database).
    pub fn db_url(&self) -> &str {
        self._db.url()
    }

    pub fn scim_url(&self) -> String {
        format!("{}/scim/v2", self.base_url)
    }

    /// A SCIM request with the bearer key; `path` relative to `/scim/v2`, sent as written.
    pub fn scim(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let url = format!("{}{}", self.scim_url(), path);
        let auth = format!("Bearer {}", self.scim_key);
        send(
            &self.agent,
            method,
            &url,
            &[
                ("Authorization", &auth),
                ("Content-Type", "application/scim+json"),
            ],
            body,
        )
    }

    /// A request with arbitrary headers to an absolute path on the server.
    pub fn request(
        &self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: Option<&Value>,
    ) -> Reply {
        send(
            &self.agent,
            method,
            &format!("{}{}", self.base_url, path),
            headers,
            body,
        )
    }

    /// Creates a local administrator and returns a client signed in as them.
    pub fn admin_client(&self, email: &str) -> ApiClient {
        portal::services::admins::create(&self.store, email, "correct horse battery staple")
            .unwrap();
        let mut client = ApiClient {
            base_url: self.base_url.clone(),
            agent: agent(),
            cookie: None,
        };
        let r = client.call(
            "POST",
            "/session",
            Some(&serde_json::json!({"email": email, "password": "correct horse battery staple"})),
        );
        assert!(r.status == 204 || r.status == 200, "sign-in failed: {r:?}");
        let cookie = r
            .set_cookie
            .iter()
            .find(|c| c.starts_with("gatehouse_session="))
            .expect("session cookie");
        client.cookie = Some(cookie.split(';').next().unwrap().to_owned());
        client
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        let h = self.handle.clone();
        let stopper =
            std::thread::spawn(move || actix_web::rt::System::new().block_on(h.stop(true)));
        let _ = stopper.join();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

/// A signed-in JSON API client (keeps the session cookie).
pub struct ApiClient {
    pub base_url: String,
    pub agent: ureq::Agent,
    /// `gatehouse_session=<token>` once signed in.
    pub cookie: Option<String>,
}

impl ApiClient {
    /// `method` on `/api/v1{path}`.
    pub fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Reply {
        let mut headers = vec![("Content-Type", "application/json")];
        if let Some(c) = &self.cookie {
            headers.push(("Cookie", c.as_str()));
        }
        send(
            &self.agent,
            method,
            &format!("{}/api/v1{}", self.base_url, path),
            &headers,
            body,
        )
    }
}

/// A response: status, headers we look at, and the body parsed as JSON when it is JSON.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub content_type: String,
    pub location: Option<String>,
    pub etag: Option<String>,
    pub www_authenticate: Option<String>,
    pub set_cookie: Vec<String>,
    pub text: String,
    pub json: Value,
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .build()
        .new_agent()
}

pub fn send(
    agent: &ureq::Agent,
    method: &str,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&Value>,
) -> Reply {
    let mut builder = ureq::http::Request::builder().method(method).uri(url);
    for (k, v) in headers {
        builder = builder.header(*k, *v);
    }
    let payload = body
        .map(|b| serde_json::to_vec(b).unwrap())
        .unwrap_or_default();
    let request = builder.body(payload).unwrap();
    let mut resp = agent
        .run(request)
        .unwrap_or_else(|e| panic!("{method} {url}: {e}"));
    let header = |name: &str| {
        resp.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = header("content-type").unwrap_or_default();
    let location = header("location");
    let etag = header("etag");
    let www_authenticate = header("www-authenticate");
    let set_cookie = resp
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok().map(str::to_owned))
        .collect();
    let status = resp.status().as_u16();
    let text = resp.body_mut().read_to_string().unwrap_or_default();
    let json = serde_json::from_str(&text).unwrap_or(Value::Null);
    Reply {
        status,
        content_type,
        location,
        etag,
        www_authenticate,
        set_cookie,
        text,
        json,
    }
}
