//! The synthetic monorepo generator shared by the benchmarks (`build`, `diff`): N teams ×
//! M dashboards × P panels, plus alert groups.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

fn write(root: &Path, path: &str, text: &str) {
    let p = root.join(path);
    if let Some(parent) = p.parent() {
        fs::create_dir_all(parent).expect("create dir");
    }
    fs::write(p, text).expect("write file");
}

/// Writes the synthetic monorepo.
pub fn generate(root: &Path, teams: usize, dashboards: usize, panels: usize, rules: usize) {
    write(
        root,
        "grafcode.yaml",
        "grafana: 12.2.0\noutputs:\n  sidecar: {namespace: monitoring}\n  provisioning: {}\n  prometheus-rule: {}\n  loki-rules: {}\nenvironments:\n  production: {}\n",
    );
    write(
        root,
        "library/datasources/main.yaml",
        "datasources:\n  - name: prometheus\n    type: prometheus\n    url: http://prometheus:9090\n    default: true\n  - name: loki\n    type: loki\n    url: http://loki-gateway\n    jsonData: {httpHeaderName1: X-Scope-OrgID}\n    secureJsonData: {httpHeaderValue1: \"$__file{/etc/secrets/tenant}\"}\n",
    );
    write(
        root,
        "library/panels/latency.yaml",
        "kind: panel\nparams:\n  job: {}\n---\ntype: timeseries\ntitle: p99 {{ job }}\nexpr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=\"{{ job }}\"}[5m])))\nunit: s\nwidth: 8\n",
    );
    let per_team_dash = dashboards.div_ceil(teams.max(1));
    let per_team_rules = rules.div_ceil(teams.max(1));
    let mut made_dash = 0;
    let mut made_rules = 0;
    for t in 0..teams {
        let team = format!("team{t:03}");
        write(
            root,
            &format!("teams/{team}/team.yaml"),
            &format!("owners: [\"@acme/{team}\"]\nfolder: Team {t}\nlabels: {{team: {team}}}\n"),
        );
        for d in 0..per_team_dash {
            if made_dash == dashboards {
                break;
            }
            made_dash += 1;
            let mut y = format!(
                "title: Service {d} of {team}\ntags: [synthetic]\ndatasource: prometheus\nvariables:\n  - name: instance\n    query: label_values(up{{job=\"svc{d}\"}}, instance)\n    multi: true\n    includeAll: true\nrows:\n"
            );
            for p in 0..panels {
                if p % 6 == 0 {
                    let _ = writeln!(y, "  - title: Row {p}\n    panels:");
                }
                if p % 10 == 9 {
                    let _ = writeln!(y, "      - use: latency\n        with: {{job: svc{d}}}");
                } else if p % 5 == 4 {
                    let _ = writeln!(
                        y,
                        "      - type: logs\n        title: Logs {p}\n        datasource: loki\n        expr: '{{job=\"svc{d}\"}} |= \"error\" | logfmt'\n        width: 24"
                    );
                } else {
                    let _ = writeln!(
                        y,
                        "      - type: timeseries\n        title: Panel {p}\n        expr: sum by (code) (rate(http_requests_total{{job=\"svc{d}\", instance=~\"$instance\", handler=\"/api/{p}\"}}[$__rate_interval]))\n        legend: \"{{{{code}}}}\"\n        unit: reqps\n        width: 8"
                    );
                }
            }
            write(root, &format!("teams/{team}/dashboards/svc{d:04}.yaml"), &y);
        }
        let mut a = String::from("groups:\n");
        let mut g = 0;
        let mut in_team = 0;
        while in_team < per_team_rules && made_rules < rules {
            let engine = match g % 4 {
                3 => "prometheus",
                _ => "grafana",
            };
            let _ = writeln!(
                a,
                "  - name: group{g}\n    engine: {engine}\n    interval: 1m\n    datasource: prometheus\n    rules:"
            );
            for r in 0..10 {
                if in_team == per_team_rules || made_rules == rules {
                    break;
                }
                in_team += 1;
                made_rules += 1;
                let threshold = if engine == "grafana" {
                    "        threshold: \"> 0.5\"\n"
                } else {
                    ""
                };
                let _ = write!(
                    a,
                    "      - alert: HighLatency{g}x{r}\n        expr: histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{{job=\"svc{r}\"}}[5m])))\n{threshold}        for: 5m\n        labels: {{severity: page}}\n        annotations: {{summary: \"p99 of svc{r} is high\"}}\n"
                );
            }
            g += 1;
        }
        write(root, &format!("teams/{team}/alerts/generated.yaml"), &a);
    }
}
