//! A real DynamoDB-compatible server for the tests: moto's server, one process per test, on a free
//! port, killed when the test drops it. `scripts/test` installs moto; without it the tests fail and
//! say how to install it.

#![allow(dead_code, reason = "each test crate uses a part of the support")]

use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_dynamodb::Client;
use aws_sdk_dynamodb::config::{BehaviorVersion, Credentials, Region};
use aws_sdk_dynamodb::types::{
    AttributeDefinition, BillingMode, KeySchemaElement, KeyType, ScalarAttributeType, TableStatus,
    TimeToLiveSpecification,
};

pub const INSTALL_HINT: &str = "moto's DynamoDB-compatible server is needed by the call-record tests: \
     install it with `python3 -m pip install 'moto[server]'` (scripts/test does this)";

/// `moto_server`, except that requests are handled one at a time. DynamoDB applies each write to an
/// item atomically; moto's backend has no locks, so under its threaded server two concurrent updates
/// of one item can interleave and lose one (seen with 200 concurrent calls). Connections are still
/// served by threads, so a slow client does not hold up the others.
const SERVE: &str = concat!(
    "import sys, threading\n",
    "from werkzeug.serving import run_simple\n",
    "from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app\n",
    "app = DomainDispatcherApplication(create_backend_app)\n",
    "lock = threading.Lock()\n",
    "def serialised(environ, start_response):\n",
    "    with lock:\n",
    "        return list(app(environ, start_response))\n",
    "run_simple('127.0.0.1', int(sys.argv[1]), serialised, threaded=True)\n",
);

/// What [`SERVE`] needs from moto, checked first for a clear message.
const IMPORTS: &str = "import werkzeug.serving, moto.moto_server.werkzeug_app";

/// A running moto server.
pub struct Moto {
    child: Child,
    pub endpoint: String,
    pub client: Client,
}

/// A client for `endpoint` with the fixed test credentials; the environment is not consulted.
pub fn client(endpoint: &str) -> Client {
    let config = aws_sdk_dynamodb::Config::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new("us-east-1"))
        .credentials_provider(Credentials::new("test", "test", None, None, "tests"))
        .endpoint_url(endpoint)
        .http_client(handler::store::dynamo::https_client())
        .build();
    Client::from_conf(config)
}

/// A port nothing listens on right now.
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("local address").port()
}

impl Moto {
    /// Starts a server and waits until it answers.
    pub async fn start() -> Self {
        let importable = Command::new("python3")
            .args(["-c", IMPORTS])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
        assert!(importable, "{INSTALL_HINT}");
        let port = free_port();
        let child = Command::new("python3")
            .args(["-c", SERVE, &port.to_string()])
            .env("MOTO_PORT", port.to_string())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| panic!("cannot start moto ({err}); {INSTALL_HINT}"));
        let endpoint = format!("http://127.0.0.1:{port}");
        let mut moto = Self {
            child,
            client: client(&endpoint),
            endpoint,
        };
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = moto.child.try_wait() {
                panic!("moto exited at start ({status}); {INSTALL_HINT}");
            }
            if moto.client.list_tables().send().await.is_ok() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "moto did not answer on {} within 30 s",
                moto.endpoint
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        moto
    }

    /// Creates a call-record table as the deployment does (key `callID`, TTL on `TTL`), once ACTIVE.
    pub async fn create_table(&self, name: &str) {
        self.client
            .create_table()
            .table_name(name)
            .key_schema(
                KeySchemaElement::builder()
                    .attribute_name("callID")
                    .key_type(KeyType::Hash)
                    .build()
                    .unwrap(),
            )
            .attribute_definitions(
                AttributeDefinition::builder()
                    .attribute_name("callID")
                    .attribute_type(ScalarAttributeType::S)
                    .build()
                    .unwrap(),
            )
            .billing_mode(BillingMode::PayPerRequest)
            .send()
            .await
            .expect("create the table");
        let started = Instant::now();
        loop {
            let status = self
                .client
                .describe_table()
                .table_name(name)
                .send()
                .await
                .expect("describe the table")
                .table
                .and_then(|table| table.table_status);
            if status == Some(TableStatus::Active) {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(10),
                "table not ACTIVE"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.client
            .update_time_to_live()
            .table_name(name)
            .time_to_live_specification(
                TimeToLiveSpecification::builder()
                    .enabled(true)
                    .attribute_name("TTL")
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .expect("enable TTL");
    }

    fn signal(&self, signal: &str) {
        let status = Command::new("kill")
            .args([signal, &self.child.id().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill {signal} failed");
    }

    /// Freezes the server: it accepts connections but answers nothing.
    pub fn pause(&self) {
        self.signal("-STOP");
    }

    pub fn resume(&self) {
        self.signal("-CONT");
    }

    /// Stops the server for good.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        // A frozen process still dies of SIGKILL.
        self.stop();
    }
}
