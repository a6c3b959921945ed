//! A live round trip through a real Quickwit node: export the shipped
//! bulletin, push it, search it and count countries through Quickwit's API,
//! then check that a second push is refused with the no-upsert explanation.
//!
//! Runs only when `QUICKWIT_BIN` names a `quickwit` binary (0.8 or later);
//! the test starts it on 127.0.0.1 with a temporary data folder and stops it.

mod export_support;
use export_support as common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail, ensure};
use bulletin::export::{ExportArgs, ExportError, ExportFormat, run_export};
use serde_json::{Value, json};

use common::shipped_records;

#[test]
fn quickwit_search_and_country_counts_equal_the_records() -> anyhow::Result<()> {
    let Some(binary) = std::env::var_os("QUICKWIT_BIN").filter(|b| !b.is_empty()) else {
        eprintln!(
            "skipped quickwit_live: QUICKWIT_BIN is not set; point it at a quickwit 0.8+ binary \
             to run this round trip"
        );
        return Ok(());
    };
    let data = tempfile::tempdir()?;
    let node = QuickwitNode::start(&binary, data.path())?;
    let records = shipped_records()?;

    let out = tempfile::tempdir()?;
    let mut args = ExportArgs::new(ExportFormat::Quickwit, out.path());
    args.push = Some(node.url.clone());
    args.timeout_secs = 120;
    let summary = run_export(&args, &records)?;
    eprintln!("{summary}");
    assert_eq!(
        summary.push.as_ref().context("push report")?.documents,
        records.len()
    );

    let search = node.post(
        "/api/v1/bulletin/search",
        json!({"query": "title:firearms OR body:firearms", "max_hits": 100}),
    )?;
    let ids: BTreeSet<String> = search["hits"]
        .as_array()
        .context("hits")?
        .iter()
        .filter_map(|hit| hit["id"].as_str().map(str::to_string))
        .collect();
    let expected: BTreeSet<String> = records
        .iter()
        .filter(|r| {
            format!("{} {}", r.title, r.body)
                .to_lowercase()
                .split(|c: char| !c.is_alphanumeric())
                .any(|w| w == "firearms")
        })
        .map(|r| r.id.clone())
        .collect();
    assert_eq!(ids, expected, "search firearms: Quickwit vs records");

    let aggs = node.post(
        "/api/v1/bulletin/search",
        json!({"query": "*", "max_hits": 0,
               "aggs": {"country": {"terms": {"field": "countries", "size": 100}}}}),
    )?;
    let counts: BTreeMap<String, u64> = aggs["aggregations"]["country"]["buckets"]
        .as_array()
        .context("country buckets")?
        .iter()
        .filter_map(|b| Some((b["key"].as_str()?.to_string(), b["doc_count"].as_u64()?)))
        .collect();
    let mut expected_counts = BTreeMap::new();
    for record in &records {
        for country in record.countries() {
            *expected_counts.entry(country).or_insert(0u64) += 1;
        }
    }
    assert_eq!(
        counts, expected_counts,
        "country counts: Quickwit vs records"
    );

    // Quickwit has no upsert: a second push must refuse and explain.
    let again = run_export(&args, &records)
        .err()
        .context("a second push into the same index must fail")?;
    ensure!(
        matches!(
            again.downcast_ref::<ExportError>(),
            Some(ExportError::QuickwitIndexExists { .. })
        ),
        "expected the no-upsert explanation, got: {again:#}"
    );
    Ok(())
}

/// A Quickwit node started for the test, stopped when dropped.
struct QuickwitNode {
    child: Child,
    url: String,
}

impl QuickwitNode {
    fn start(binary: &std::ffi::OsStr, data: &std::path::Path) -> anyhow::Result<Self> {
        let rest_port = free_port()?;
        let grpc_port = free_port()?;
        let config = data.join("node.yaml");
        std::fs::write(
            &config,
            format!(
                "version: 0.8\nnode_id: bulletin-live-test\nlisten_address: 127.0.0.1\n\
                 rest:\n  listen_port: {rest_port}\ngrpc_listen_port: {grpc_port}\n\
                 gossip_listen_port: {rest_port}\ndata_dir: {}\n",
                data.join("qwdata").display()
            ),
        )?;
        let log = std::fs::File::create(data.join("quickwit.log"))?;
        let child = Command::new(binary)
            .arg("run")
            .arg("--config")
            .arg(&config)
            .env("QW_DISABLE_TELEMETRY", "1")
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()
            .context("starting QUICKWIT_BIN")?;
        let mut node = QuickwitNode {
            child,
            url: format!("http://127.0.0.1:{rest_port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(90);
        while Instant::now() < deadline {
            let ready = ureq::get(format!("{}/health/readyz", node.url))
                .call()
                .ok()
                .and_then(|mut response| response.body_mut().read_to_string().ok())
                .is_some_and(|body| body.trim() == "true");
            if ready {
                return Ok(node);
            }
            if let Some(status) = node.child.try_wait()? {
                bail!(
                    "quickwit exited with {status}; log in {}",
                    data.join("quickwit.log").display()
                );
            }
            std::thread::sleep(Duration::from_millis(500));
        }
        bail!("quickwit was not ready within 90 s")
    }

    fn post(&self, path: &str, body: Value) -> anyhow::Result<Value> {
        let text = ureq::post(format!("{}{path}", self.url))
            .header("Content-Type", "application/json")
            .send(body.to_string())
            .with_context(|| format!("POST {path}"))?
            .body_mut()
            .read_to_string()?;
        Ok(serde_json::from_str(&text)?)
    }
}

impl Drop for QuickwitNode {
    fn drop(&mut self) {
        // Only the process this test started.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> anyhow::Result<u16> {
    Ok(std::net::TcpListener::bind("127.0.0.1:0")?
        .local_addr()?
        .port())
}
