//! A real DynamoDB-compatible server for the tests: moto's server, one process per test, on a free
//! port, killed when the test drops it. `scripts/test` installs moto; without it the tests fail and
//! say how to install it.

#![allow(dead_code, reason = "each test crate uses a part of the support")]

use std::net::TcpListener;
use std::path::{Path, PathBuf};
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
///
/// Given a journal file (second argument), the server keeps its data across a restart, as DynamoDB
/// does: each write it answered is appended to the journal before the answer goes out, and a
/// server started on an existing journal replays it before it listens.
const SERVE: &str = concat!(
    "import sys, threading, json, base64, io\n",
    "from werkzeug.serving import run_simple\n",
    "from werkzeug.test import EnvironBuilder\n",
    "from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app\n",
    "app = DomainDispatcherApplication(create_backend_app)\n",
    "lock = threading.Lock()\n",
    "journal = sys.argv[2] if len(sys.argv) > 2 else None\n",
    "def replay():\n",
    "    try:\n",
    "        lines = open(journal).read().splitlines()\n",
    "    except FileNotFoundError:\n",
    "        return\n",
    "    for line in lines:\n",
    "        e = json.loads(line)\n",
    "        env = EnvironBuilder(method=e['method'], path=e['path'], query_string=e['query'],\n",
    "            headers=e['headers'], data=base64.b64decode(e['body'])).get_environ()\n",
    "        list(app(env, lambda *a, **k: None))\n",
    "def serialised(environ, start_response):\n",
    "    with lock:\n",
    "        if journal is None:\n",
    "            return list(app(environ, start_response))\n",
    "        body = environ['wsgi.input'].read(int(environ.get('CONTENT_LENGTH') or 0))\n",
    "        environ['wsgi.input'] = io.BytesIO(body)\n",
    "        answer = list(app(environ, start_response))\n",
    "        target = environ.get('HTTP_X_AMZ_TARGET', '')\n",
    "        if any(read in target for read in ('.Get', '.List', '.Describe', '.Scan', '.Query', '.BatchGet')):\n",
    "            return answer\n",
    "        headers = {k[5:].replace('_', '-'): v for k, v in environ.items() if k.startswith('HTTP_')}\n",
    "        if environ.get('CONTENT_TYPE'):\n",
    "            headers['Content-Type'] = environ['CONTENT_TYPE']\n",
    "        entry = {'method': environ['REQUEST_METHOD'], 'path': environ.get('PATH_INFO', '/'),\n",
    "            'query': environ.get('QUERY_STRING', ''), 'headers': headers,\n",
    "            'body': base64.b64encode(body).decode()}\n",
    "        with open(journal, 'a') as f:\n",
    "            f.write(json.dumps(entry) + '\\n')\n",
    "        return answer\n",
    "if journal is not None:\n",
    "    replay()\n",
    "run_simple('127.0.0.1', int(sys.argv[1]), serialised, threaded=True)\n",
);

/// What [`SERVE`] needs from moto, checked first for a clear message.
const IMPORTS: &str = "import werkzeug.serving, moto.moto_server.werkzeug_app";

/// A running moto server.
pub struct Moto {
    child: Child,
    port: u16,
    /// Where the server keeps its data across a restart, if it does.
    journal: Option<PathBuf>,
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

fn spawn(port: u16, journal: Option<&Path>) -> Child {
    let importable = Command::new("python3")
        .args(["-c", IMPORTS])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|status| status.success());
    assert!(importable, "{INSTALL_HINT}");
    let mut command = Command::new("python3");
    command.args(["-c", SERVE, &port.to_string()]);
    if let Some(journal) = journal {
        command.arg(journal);
    }
    command
        .env("MOTO_PORT", port.to_string())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|err| panic!("cannot start moto ({err}); {INSTALL_HINT}"))
}

impl Moto {
    /// Starts a server and waits until it answers.
    pub async fn start() -> Self {
        Self::launch(None).await
    }

    /// Starts a server that keeps its data in `journal` across [`Moto::restart`].
    pub async fn start_durable(journal: PathBuf) -> Self {
        Self::launch(Some(journal)).await
    }

    async fn launch(journal: Option<PathBuf>) -> Self {
        let port = free_port();
        let endpoint = format!("http://127.0.0.1:{port}");
        let mut moto = Self {
            child: spawn(port, journal.as_deref()),
            port,
            journal,
            client: client(&endpoint),
            endpoint,
        };
        moto.wait_until_up().await;
        moto
    }

    async fn wait_until_up(&mut self) {
        let started = Instant::now();
        loop {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("moto exited at start ({status}); {INSTALL_HINT}");
            }
            if self.client.list_tables().send().await.is_ok() {
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(900),
                "moto did not answer on {} within 900 s",
                self.endpoint
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Starts the stopped server again on the same port; with a journal, its data is back.
    pub async fn restart(&mut self) {
        self.stop();
        self.child = spawn(self.port, self.journal.as_deref());
        self.wait_until_up().await;
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

    /// Stops the server (for good, unless restarted).
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
