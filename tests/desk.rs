//! The desk (`mds app`): its safety rules over raw HTTP (loopback only, a token on every API
//! request, the Host named, bodies bounded before they are read, no CORS, a strict CSP), its API
//! answering as the command line does, a clean stop on SIGTERM, and the two journeys of its users
//! driven in headless Chromium by Playwright (`tests/desk/journeys.mjs`).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::util::{Sandbox, chromium, openpyxl, python, required, root};

/// A running desk.
struct Desk {
    child: Child,
    port: u16,
    token: String,
}

impl Desk {
    fn start(sandbox: &Sandbox, extra: &[&str]) -> Desk {
        let mut child = Command::new(env!("CARGO_BIN_EXE_mds"))
            .arg("app")
            .arg("--no-browser")
            .args(extra)
            .current_dir(root())
            .env("MDS_CATALOG", sandbox.path("catalog"))
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start mds app: {e}"));
        let mut first = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut first);
        }
        // http://127.0.0.1:PORT/#TOKEN
        let rest = first
            .trim()
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("the first line is the address: {first:?}"));
        let (port, token) = rest
            .split_once("/#")
            .unwrap_or_else(|| panic!("the address carries the token: {first:?}"));
        Desk {
            port: port.parse().unwrap_or_else(|e| panic!("{port}: {e}")),
            token: token.to_string(),
            child,
        }
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}/#{}", self.port, self.token)
    }

    /// One request; (status, headers in lower case, body).
    fn request(&self, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
        let mut stream =
            TcpStream::connect(("127.0.0.1", self.port)).unwrap_or_else(|e| panic!("connect: {e}"));
        let _ = stream.set_read_timeout(Some(Duration::from_secs(60)));
        let _ = stream.write_all(head.as_bytes());
        let _ = stream.write_all(body);
        let mut answer = Vec::new();
        let _ = stream.read_to_end(&mut answer);
        let split = answer
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or(answer.len());
        let headers = String::from_utf8_lossy(&answer[..split]).to_lowercase();
        let status = headers
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse().ok())
            .unwrap_or(0);
        let body = answer.get(split + 4..).unwrap_or_default().to_vec();
        (status, headers, body)
    }

    fn get(&self, path: &str, host: &str, token: Option<&str>) -> (u16, String, Vec<u8>) {
        let auth = token
            .map(|t| format!("Authorization: Bearer {t}\r\n"))
            .unwrap_or_default();
        self.request(
            &format!("GET {path} HTTP/1.1\r\nHost: {host}\r\n{auth}Connection: close\r\n\r\n"),
            b"",
        )
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// A multipart POST of files (name, bytes) and text fields.
    fn post(
        &self,
        path: &str,
        files: &[(String, Vec<u8>)],
        fields: &[(&str, &str)],
    ) -> (u16, String, Vec<u8>) {
        let boundary = "mdsDeskTestBoundary7MA4YWxkTrZu0gW";
        let mut body = Vec::new();
        for (name, bytes) in files {
            body.extend_from_slice(
                format!(
                    "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                )
                .as_bytes(),
            );
            body.extend_from_slice(bytes);
            body.extend_from_slice(b"\r\n");
        }
        for (name, value) in fields {
            body.extend_from_slice(
                format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n")
                    .as_bytes(),
            );
        }
        body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        let head = format!(
            "POST {path} HTTP/1.1\r\nHost: {}\r\nAuthorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            self.host(),
            self.token,
            body.len()
        );
        self.request(&head, &body)
    }

    /// Stops it with SIGTERM; its exit code.
    fn stop(mut self) -> Option<i32> {
        let _ = Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status();
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(10) {
            if let Ok(Some(status)) = self.child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
        None
    }
}

impl Drop for Desk {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn sample(relative: &str) -> (String, Vec<u8>) {
    let path = root().join(relative);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    (
        name,
        std::fs::read(&path).unwrap_or_else(|e| panic!("{relative}: {e}")),
    )
}

const BIDS: [&str; 4] = [
    "samples/responses/vendor-a.json",
    "samples/responses/vendor-b.json",
    "samples/responses/vendor-c.json",
    "samples/responses/vendor-d.json",
];

#[test]
fn the_desk_keeps_to_loopback_its_token_its_host_and_its_bounds() {
    let sandbox = Sandbox::new();
    let desk = Desk::start(&sandbox, &["--max-body-mib", "1"]);
    let host = desk.host();

    // The page: its own script only, no CORS, nothing cached.
    let (status, headers, body) = desk.get("/", &host, None);
    assert_eq!(status, 200, "{headers}");
    assert!(
        headers.contains("content-security-policy: default-src 'none'; script-src 'self'"),
        "{headers}"
    );
    assert!(!headers.contains("access-control-"), "{headers}");
    assert!(String::from_utf8_lossy(&body).contains("id=\"ranking\""));
    assert_eq!(desk.get("/favicon.ico", &host, None).0, 200);

    // The API needs the token.
    assert_eq!(desk.get("/api/catalog", &host, None).0, 401);
    assert_eq!(desk.get("/api/catalog", &host, Some("0123")).0, 401);
    let (status, headers, body) = desk.get("/api/catalog", &host, Some(&desk.token));
    assert_eq!(status, 200, "{headers}");
    assert!(!headers.contains("access-control-"), "{headers}");
    assert!(String::from_utf8_lossy(&body).contains("sample-sds"));

    // Another Host (DNS rebinding) is refused, for the page and the API alike.
    for path in ["/", "/api/catalog"] {
        let (status, ..) = desk.get(
            path,
            &format!("attacker.example:{}", desk.port),
            Some(&desk.token),
        );
        assert_eq!(status, 403, "{path}");
    }
    assert_eq!(
        desk.get("/", &format!("localhost:{}", desk.port), None).0,
        200
    );

    // A body over the bound is refused from its declared length, before it is read.
    let head = format!(
        "POST /api/validate HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary=x\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        desk.token,
        300u64 << 20
    );
    let started = Instant::now();
    let (status, ..) = desk.request(&head, b"");
    assert_eq!(status, 413);
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "answered without waiting for the body"
    );
    // ... and a body sent in chunks, that says nothing of its length, as it is read.
    let boundary = "b0undary";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.json\"\r\n\r\n"
    )
    .into_bytes();
    body.extend(std::iter::repeat_n(b' ', 2 << 20));
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let mut chunked = Vec::new();
    for chunk in body.chunks(64 << 10) {
        chunked.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        chunked.extend_from_slice(chunk);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let head = format!(
        "POST /api/validate HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n",
        desk.token
    );
    assert_eq!(desk.request(&head, &chunked).0, 413);

    // It listens on 127.0.0.1 only.
    let tcp = std::fs::read_to_string("/proc/net/tcp").unwrap_or_default();
    let tcp6 = std::fs::read_to_string("/proc/net/tcp6").unwrap_or_default();
    let port = format!(":{:04X} ", desk.port);
    let listening: Vec<&str> = tcp
        .lines()
        .chain(tcp6.lines())
        .filter(|l| {
            l.split_whitespace()
                .nth(1)
                .is_some_and(|a| format!("{a} ").ends_with(&port))
        })
        .filter(|l| l.split_whitespace().nth(3) == Some("0A"))
        .collect();
    assert!(!listening.is_empty(), "the desk's socket is listed");
    for line in &listening {
        let local = line.split_whitespace().nth(1).unwrap_or("");
        assert!(
            local.starts_with("0100007F:"),
            "listening on loopback only: {line}"
        );
    }

    // SIGTERM stops it cleanly.
    assert_eq!(desk.stop(), Some(0));
}

#[test]
fn the_desk_answers_as_the_command_line_does() {
    let sandbox = Sandbox::new();
    let desk = Desk::start(&sandbox, &[]);
    let mut files: Vec<(String, Vec<u8>)> = BIDS.iter().map(|b| sample(b)).collect();
    files.push(sample("samples/profiles/hospital.json"));

    let (status, headers, body) = desk.post(
        "/api/compare",
        &files,
        &[("format", "json"), ("detail", "0")],
    );
    assert_eq!(status, 200, "{headers} {}", String::from_utf8_lossy(&body));
    let api: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let run = sandbox
        .mds("compare")
        .args([
            "--profile",
            "samples/profiles/hospital.json",
            "--format",
            "json",
        ])
        .args(BIDS)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    let cli = run.json();
    // The same ranking; the sources are the names the files were sent with.
    let strip = |v: &serde_json::Value| -> Vec<serde_json::Value> {
        v["ranking"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|r| {
                let mut r = r.clone();
                let name = r["source"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string();
                r["source"] = name.into();
                r["same_vendor"] = serde_json::Value::Null;
                r
            })
            .collect()
    };
    assert_eq!(strip(&api), strip(&cli));

    // Every report format, as the command line writes it.
    for (format, head) in [
        ("html", &b"<!DOCTYPE html>"[..]),
        ("xlsx", b"PK"),
        ("docx", b"PK"),
        ("md", b"#"),
        ("csv", b"\xef\xbb\xbf"),
    ] {
        let (status, _, body) = desk.post("/api/compare", &files, &[("format", format)]);
        assert_eq!(status, 200, "{format}");
        assert!(
            body.starts_with(head),
            "{format}: {:?}",
            &body[..body.len().min(20)]
        );
    }

    // validate: as mds validate --format json.
    let bid = vec![sample("samples/responses/vendor-c.json")];
    let (status, _, body) = desk.post("/api/validate", &bid, &[]);
    assert_eq!(status, 200);
    let api: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let cli = sandbox
        .mds("validate")
        .args(["--format", "json", "samples/responses/vendor-c.json"])
        .run()
        .json();
    assert_eq!(api["files"][0]["findings"], cli["files"][0]["findings"]);
    assert_eq!(api["files"][0]["valid"], cli["files"][0]["valid"]);

    // Files are sorted by content, whatever their names.
    let mut renamed = vec![
        (
            "a.txt".to_string(),
            sample("samples/profiles/hospital.json").1,
        ),
        (
            "b.bin".to_string(),
            sample("samples/responses/vendor-a.json").1,
        ),
    ];
    renamed.push(("c.json".to_string(), b"{\"hello\": 1}".to_vec()));
    let (status, _, body) = desk.post("/api/sort", &renamed, &[]);
    assert_eq!(status, 200);
    let sorted: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    let kinds: Vec<&str> = sorted["files"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|f| f["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["profile", "bid", "unknown"]);

    // What mds cannot do says why, in the language asked for (and nothing is compared).
    let (status, _, body) = desk.post("/api/compare", &bid, &[("lang", "en")]);
    assert_eq!(status, 422);
    assert!(
        String::from_utf8_lossy(&body).contains("no profile"),
        "{}",
        String::from_utf8_lossy(&body)
    );
    let (status, _, body) = desk.post("/api/compare", &bid, &[]);
    assert_eq!(status, 422);
    assert!(String::from_utf8_lossy(&body).contains("プロファイル"));

    // A blank form and a new profile.
    let (status, _, body) = desk.post("/api/form", &[], &[("questionnaire", "sample-sds@1.0")]);
    assert_eq!(status, 200);
    assert!(body.starts_with(b"PK"));
    let (status, _, body) = desk.post(
        "/api/profile/new",
        &[],
        &[("questionnaire", "sample-sds@1.0"), ("preset", "all-yes")],
    );
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let profile: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    assert_eq!(profile["format"], "mds-profile/1");
}

/// True when the page can be driven here: node, playwright-core installed in tests/desk, and
/// Chromium. Under CI all are required.
fn playwright() -> Option<PathBuf> {
    let chromium = chromium()?;
    let node = Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let installed = root()
        .join("tests/desk/node_modules/playwright-core")
        .is_dir();
    if !(node && installed) {
        assert!(
            !required(),
            "node and playwright-core are required under CI: run `npm ci` in tests/desk"
        );
        eprintln!(
            "notice: node or playwright-core (npm ci in tests/desk) missing; skipping the desk journeys"
        );
        return None;
    }
    Some(chromium)
}

#[test]
fn vendors_and_hospitals_do_their_whole_job_in_the_browser() {
    let Some(chromium) = playwright() else {
        return;
    };
    if !openpyxl() {
        return;
    }
    let sandbox = Sandbox::new();
    // A vendor's workbook with two answers the form does not offer.
    let book = sandbox.path("記入済み.xlsx");
    let run = sandbox
        .mds("export")
        .arg("samples/responses/vendor-a.json")
        .arg("-o")
        .arg(&book)
        .run();
    assert_eq!(run.code, 0, "{}", run.stderr);
    python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); ws = wb["回答"]
col = [c.value for c in ws[1]].index("回答") + 1
ws.cell(row=2, column=col, value="たぶん"); ws.cell(row=4, column=col, value="わからない")
wb.save(sys.argv[1])
"#,
        &[&book],
    );
    let desk = Desk::start(&sandbox, &[]);
    let out = sandbox.path("journeys");
    let mut command = Command::new("node");
    command
        .arg(root().join("tests/desk/journeys.mjs"))
        .arg(desk.url())
        .arg(&out)
        .arg(&book)
        .arg(root().join("samples/profiles/hospital.json"))
        .args(BIDS.iter().map(|b| root().join(b)))
        .env("MDS_CHROMIUM", &chromium);
    let output = command.output().unwrap_or_else(|e| panic!("node: {e}"));
    assert!(
        output.status.success(),
        "the journeys failed:\n{}\n{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let summary: serde_json::Value = serde_json::from_slice(
        output
            .stdout
            .split(|b| *b == b'\n')
            .rfind(|l| l.starts_with(b"{"))
            .unwrap_or_default(),
    )
    .unwrap_or_default();
    // The vendor saw each bad cell and what to do.
    let findings = summary["vendor"]["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for cell in ["回答!D2", "回答!D4"] {
        assert!(
            findings
                .iter()
                .any(|f| f["at"] == cell && f["code"] == "unmapped-value"),
            "{cell}: {findings:?}"
        );
    }
    // The hospital saw every vendor ranked, and the ranking change.
    assert_eq!(
        summary["hospital"]["before"].as_array().map(Vec::len),
        Some(BIDS.len())
    );
    assert_ne!(summary["hospital"]["before"], summary["hospital"]["after"]);
    assert!(
        summary["hospital"]["reason"]
            .as_str()
            .is_some_and(|r| r.contains("書面で確認した")),
        "{summary}"
    );
    // The xlsx report opens in openpyxl and names the vendors.
    let xlsx = out.join("report.xlsx");
    let shown = python(
        r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("\n".join(str(c.value) for ws in wb.worksheets for row in ws.iter_rows() for c in row if c.value is not None))
"#,
        &[&xlsx],
    );
    for vendor in [
        "サンプル医療クラウド株式会社（架空）",
        "架空システムズ株式会社",
    ] {
        assert!(shown.contains(vendor), "{vendor} in the xlsx report");
    }
    // Screenshots for the user guide, when asked for.
    if let Some(dir) = std::env::var_os("MDS_DESK_SCREENSHOTS") {
        for name in ["desk-vendor.png", "desk-hospital.png", "desk-matrix.png"] {
            let _ = std::fs::copy(out.join(name), Path::new(&dir).join(name));
        }
    }
    drop(desk);
}
