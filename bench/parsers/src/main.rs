//! Times each way of reading the chart's values.yaml, in microseconds per file (median of
//! rounds of 200 parses each).

use std::hint::black_box;
use std::time::Instant;

use customimage::source::SourceFile;

fn median_micros(mut f: impl FnMut()) -> f64 {
    const ROUNDS: usize = 15;
    const PER_ROUND: usize = 200;
    for _ in 0..PER_ROUND {
        f(); // warm up
    }
    let mut rounds: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..PER_ROUND {
                f();
            }
            start.elapsed().as_secs_f64() * 1e6 / PER_ROUND as f64
        })
        .collect();
    rounds.sort_by(|a, b| a.total_cmp(b));
    rounds[ROUNDS / 2]
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "fixtures/values/chart-values.yaml".into());
    let text = std::fs::read_to_string(&path).expect("the chart's values.yaml");
    // serde_yaml refuses duplicate keys; without the chart's one duplicate, every reader
    // reads the whole file.
    let text = text.replacen("  extraVolumeMounts: \"\"\n", "", 1);
    println!(
        "{path} (its duplicate key removed): {} bytes, {} lines",
        text.len(),
        text.lines().count()
    );

    // `-- FILE profile`: only `load`, in a loop, for `perf record`.
    if std::env::args().nth(2).as_deref() == Some("profile") {
        let source = SourceFile::new("values.yaml", text.as_str());
        for _ in 0..5_000 {
            black_box(customimage::values::yaml::load(&source));
        }
        return;
    }
    let events = median_micros(|| {
        let mut parser = saphyr_parser::Parser::new_from_str(&text);
        let mut n = 0usize;
        while let Some(Ok(_)) = parser.next_event() {
            n += 1;
        }
        black_box(n);
    });
    let source = SourceFile::new("values.yaml", text.as_str());
    let load = median_micros(|| {
        black_box(customimage::values::yaml::load(&source));
    });
    let to_json = median_micros(|| {
        black_box(customimage::values::yaml::to_json(&source).ok());
    });
    for (name, ok) in [
        ("serde-saphyr", serde_saphyr::from_str::<serde_json::Value>(&text).is_ok()),
        ("serde_yaml", serde_yaml::from_str::<serde_json::Value>(&text).is_ok()),
    ] {
        assert!(ok, "{name} cannot read the file");
    }
    let serde_saphyr = median_micros(|| {
        let v: Result<serde_json::Value, _> = serde_saphyr::from_str(&text);
        black_box(v.ok());
    });
    let serde_yaml = median_micros(|| {
        let v: Result<serde_json::Value, _> = serde_yaml::from_str(&text);
        black_box(v.ok());
    });
    let rows = [
        ("saphyr-parser events only", events),
        ("values::yaml::load (tree, keys, customImage, schema)", load),
        ("values::yaml::to_json (whole document)", to_json),
        ("serde-saphyr -> serde_json::Value", serde_saphyr),
        ("serde_yaml (libyaml) -> serde_json::Value", serde_yaml),
    ];
    for (name, micros) in rows {
        println!("{name:55} {micros:8.1} µs/file");
    }
}
