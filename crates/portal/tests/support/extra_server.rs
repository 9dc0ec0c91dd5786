//! Another Gatehouse server on an existing database (scale-out tests): stopped on drop.

use std::thread::JoinHandle;

use actix_web::dev::ServerHandle;
use store::Store;

/// A second server process-equivalent with its own [`Store`].
pub struct ExtraServer {
    /// `http://127.0.0.1:<port>`.
    pub base_url: String,
    /// Its store (its own pools).
    pub store: Store,
    handle: ServerHandle,
    thread: Option<JoinHandle<()>>,
}

impl ExtraServer {
    /// Opens a new [`Store`] on `db_url` (sharing nothing with other servers but the
    /// database) and serves it on a random port.
    pub fn start(db_url: &str) -> Self {
        let store = Store::open(db_url, store::StoreOptions::default()).expect("open store");
        let (base_url, handle, thread) = super::spawn_server(store.clone(), None);
        ExtraServer {
            base_url,
            store,
            handle,
            thread: Some(thread),
        }
    }
}

impl Drop for ExtraServer {
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
