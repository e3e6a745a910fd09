//! Every alerting rule of the corpus' Prometheus rule files converts to a Grafana-managed
//! rule: valid unique UIDs, condition among the refIds, and where the comparison was split
//! off, the remaining query is still valid PromQL (checked by grafcode's PromQL front-end).

mod corpus;

use std::collections::BTreeSet;

use grafcode::grafana::alerting::{QuerySource, is_valid_uid};
use grafcode::grafana::convert::{ConvertOptions, split_comparison, to_grafana_group};
use grafcode::grafana::rules::RuleFile;
use grafcode::query::{Lang, ParseOptions, check};

#[test]
fn corpus_prometheus_alerts_convert_to_grafana_rules() {
    let Some(corpus) = corpus::corpus("") else {
        return;
    };
    let sources = std::fs::read_to_string(corpus.join("SOURCES.tsv")).unwrap();
    let opts = ParseOptions::default();
    let (mut files, mut alerts, mut split, mut kept) = (0, 0, 0, 0);
    for line in sources.lines().skip(1) {
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.get(5) != Some(&"prometheus-rules") {
            continue;
        }
        let Some(path) = cols.get(4).map(|p| corpus.join(p)) else {
            continue;
        };
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        let Ok(file) = serde_saphyr::from_str::<RuleFile>(&text) else {
            continue; // PrometheusRule-wrapped or templated: not a plain rule file
        };
        files += 1;
        let mut uids = BTreeSet::new();
        for group in &file.groups {
            let mut only_alerts = group.clone();
            only_alerts.rules.retain(|r| r.alert.is_some());
            let conv = ConvertOptions::new(QuerySource::new("prometheus", "prom"), "F", "t");
            let out = to_grafana_group(&only_alerts, &conv)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            for (src, rule) in only_alerts.rules.iter().zip(&out.rules) {
                alerts += 1;
                assert!(is_valid_uid(&rule.uid), "{}: {}", path.display(), rule.uid);
                assert!(
                    uids.insert(rule.uid.clone()),
                    "{}: duplicate {}",
                    path.display(),
                    rule.uid
                );
                assert!(rule.ref_ids().any(|r| r == rule.condition));
                let expr = rule.data[0].model["expr"].as_str().unwrap();
                if let Some((lhs, _)) = split_comparison(&src.expr) {
                    split += 1;
                    assert_eq!(expr, lhs);
                    if check(Lang::PromQL, &src.expr, &opts).is_valid() {
                        let c = check(Lang::PromQL, lhs, &opts);
                        assert!(
                            c.is_valid(),
                            "{}: `{lhs}` from `{}`: {:?}",
                            path.display(),
                            src.expr,
                            c.errors
                        );
                    }
                } else {
                    kept += 1;
                    assert_eq!(expr, src.expr);
                }
            }
        }
    }
    println!(
        "{files} rule files, {alerts} alerts: {split} split at their comparison, {kept} kept whole"
    );
    assert!(
        files > 100 && alerts > 1000,
        "{files} files, {alerts} alerts"
    );
    assert!(
        split > alerts / 4,
        "the split should apply to many real alerts ({split}/{alerts})"
    );
}
