//! A model built in Rust, covering every target, for the emit tests and snapshots.

use std::sync::Arc;

use crate::grafana::alerting::{Evaluator, QuerySource, Rule, RuleGroup};
use crate::grafana::dashboard::{Dashboard, DataSourceRef, Panel, Target, Thresholds, Variable};
use crate::grafana::datasource::Datasource;
use crate::grafana::rules;
use crate::model::{
    AlertFile, AlertRules, DashboardObject, DatasourceFile, Model, Origin, Outputs, SidecarOutput,
};
use crate::source::SourceFile;

fn origin(path: &str) -> Origin {
    Origin {
        file: SourceFile::new(path, ""),
        span: 0..0,
    }
}

fn file(path: &str) -> Arc<SourceFile> {
    SourceFile::new(path, "")
}

/// Two teams: a payments dashboard + Grafana-managed alerts, a platform dashboard in a folder
/// with `$` and `:` in its title, a Prometheus-engine and a Loki-engine alert file, and an
/// org-wide datasource file with a `$__file` secret and a literal `$`.
pub(crate) fn test_model() -> Model {
    let prom = DataSourceRef::new("prometheus", "prometheus");
    let api = Dashboard::new("api-overview", "API overview")
        .tag("payments")
        .refresh("30s")
        .variable(Variable::query("job", prom.clone(), "label_values(up, job)").multi(true))
        .panel(Panel::row("Traffic"))
        .panel(
            Panel::timeseries("Requests/s")
                .datasource(prom.clone())
                .target(
                    Target::expr("A", "sum by (job) (rate(http_requests_total{job=~\"$job\"}[$__rate_interval]))")
                        .legend("{{job}}"),
                )
                .unit("reqps"),
        )
        .panel(
            Panel::stat("Error ratio")
                .size(6, 4)
                .datasource(prom.clone())
                .target(Target::expr("A", "sum(rate(http_requests_total{code=~\"5..\"}[5m])) / sum(rate(http_requests_total[5m]))"))
                .unit("percentunit")
                .thresholds(Thresholds::absolute("green", [(0.01, "red")])),
        )
        .auto_layout();
    let node = Dashboard::new("node-overview", "Nodes — “overview”")
        .panel(
            Panel::timeseries("CPU")
                .datasource(prom.clone())
                .target(Target::expr("A", "1 - avg by (instance) (rate(node_cpu_seconds_total{mode=\"idle\"}[$__rate_interval]))")),
        )
        .auto_layout();
    let source = QuerySource::new("prometheus", "prometheus");
    let grafana_rules = vec![
        RuleGroup::new("api", "Payments", "1m").rule(
            Rule::query_reduce_threshold(
                "payments-api-p99",
                "API p99 latency high",
                &source,
                "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"api\"}[5m])))",
                Evaluator::gt(0.5),
            )
            .for_duration("5m")
            .label("severity", "page")
            .label("cost", "$5/min")
            .annotation("summary", "p99 is {{ humanizeDuration $values.B.Value }} on {{ $labels.job }}"),
        ),
    ];
    let prom_rules = vec![
        rules::RuleGroup::new("node.rules").interval("1m").rule(
            rules::Rule::alert("NodeDown", "up{job=\"node\"} == 0")
                .for_duration("5m")
                .label("severity", "warning")
                .annotation("summary", "{{ $labels.instance }} is down"),
        ),
    ];
    let loki_rules = vec![
        rules::RuleGroup::new("logs").rule(
            rules::Rule::alert(
                "ManyErrors",
                "sum(rate({app=\"api\"} |= \"error\" [5m])) > 10",
            )
            .for_duration("10m"),
        ),
    ];
    let ds = vec![
        Datasource::new("Prometheus", "prometheus")
            .uid("prometheus")
            .url("http://prometheus:9090")
            .default(true)
            .json("httpMethod", "POST")
            .json("timeInterval", "30s"),
        Datasource::new("Loki", "loki")
            .uid("loki")
            .url("http://loki-gateway")
            .http_header("X-Scope-OrgID", "$__file{/etc/secrets/loki-tenant}")
            .json("derivedFields", serde_json::json!([{"name": "trace", "matcherRegex": "trace=(\\w+)", "url": "${__value.raw}"}])),
    ];
    Model {
        environment: "default".into(),
        grafana_version: "12.1.0".into(),
        outputs: Outputs {
            sidecar: Some(SidecarOutput {
                namespace: Some("monitoring".into()),
            }),
            provisioning: true,
            prometheus_rule: true,
            loki_rules: true,
        },
        dashboards: vec![
            DashboardObject {
                team: "payments".into(),
                folder: "Payments".into(),
                origin: origin("teams/payments/dashboards/api.yaml"),
                dashboard: api,
                queries: vec![],
            },
            DashboardObject {
                team: "platform".into(),
                folder: "Platform $team (a:b)".into(),
                origin: origin("teams/platform/dashboards/node.yaml"),
                dashboard: node,
                queries: vec![],
            },
        ],
        alert_files: vec![
            AlertFile {
                team: "payments".into(),
                name: "api".into(),
                folder: "Payments".into(),
                origin: origin("teams/payments/alerts/api.yaml"),
                rules: AlertRules::Grafana(grafana_rules),
                queries: vec![],
                prometheus_rule: None,
            },
            AlertFile {
                team: "platform".into(),
                name: "logs".into(),
                folder: "Platform".into(),
                origin: origin("teams/platform/alerts/logs.yaml"),
                rules: AlertRules::Loki(loki_rules),
                queries: vec![],
                prometheus_rule: None,
            },
            AlertFile {
                team: "platform".into(),
                name: "node".into(),
                folder: "Platform".into(),
                origin: origin("teams/platform/alerts/node.yaml"),
                rules: AlertRules::Prometheus(prom_rules),
                queries: vec![],
                prometheus_rule: None,
            },
        ],
        datasource_files: vec![DatasourceFile {
            team: None,
            name: "main".into(),
            origin: Origin {
                file: file("library/datasources/main.yaml"),
                span: 0..0,
            },
            datasources: ds,
        }],
    }
}
