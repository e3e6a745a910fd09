//! Builds a dashboard in Rust with grafcode's typed builders and prints its JSON — the same
//! bytes `grafcode build` writes for it.
//!
//! Run: `cargo run --example build_dashboard`

use grafcode::grafana::dashboard::options::{ReduceOptions, StatOptions};
use grafcode::grafana::dashboard::{
    AnnotationQuery, Dashboard, DashboardLink, DataSourceRef, GraphTooltip, Panel, RepeatDirection,
    Target, Thresholds, Variable, schema_version_for,
};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let prom = DataSourceRef::new("prometheus", "${datasource}");
    let dashboard = Dashboard::new("api-overview", "API overview")
        .description("Traffic, errors and latency of the public API")
        .tag("api")
        .tag("generated")
        .refresh("30s")
        .graph_tooltip(GraphTooltip::SharedCrosshair)
        .schema_version(schema_version_for("12.1.0"))
        .variable(Variable::datasource("datasource", "prometheus").label("Data source"))
        .variable(
            Variable::query("job", prom.clone(), "label_values(up, job)")
                .multi(true)
                .include_all(Some(".*"))
                .sort(1),
        )
        .annotation(AnnotationQuery::query(
            "Deploys",
            prom.clone(),
            "changes(kube_deployment_status_observed_generation{deployment=~\"$job\"}[5m]) > 0",
        ))
        .panel(Panel::row("Traffic"))
        .panel(
            Panel::with_options(
                "Availability",
                StatOptions {
                    reduce_options: Some(ReduceOptions::calc("lastNotNull")),
                    color_mode: Some("background".into()),
                    ..Default::default()
                },
            )
            .size(6, 8)
            .datasource(prom.clone())
            .target(Target::expr(
                "A",
                "avg(up{job=~\"$job\"})",
            ))
            .unit("percentunit")
            .thresholds(Thresholds::absolute("red", [(0.99, "green")])),
        )
        .panel(
            Panel::timeseries("Requests/s by job")
                .size(18, 8)
                .datasource(prom.clone())
                .target(
                    Target::expr(
                        "A",
                        "sum by (job) (rate(http_requests_total{job=~\"$job\"}[$__rate_interval]))",
                    )
                    .legend("{{job}}"),
                )
                .unit("reqps"),
        )
        .panel(Panel::collapsed_row(
            "Per instance",
            vec![
                Panel::timeseries("p99 latency: $job")
                    .size(12, 8)
                    .datasource(prom.clone())
                    .target(Target::expr(
                        "A",
                        "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{job=~\"$job\"}[$__rate_interval])))",
                    ))
                    .unit("s")
                    .repeat("job", RepeatDirection::Horizontal, Some(2)),
            ],
        ))
        .link(DashboardLink::dashboards("API dashboards", ["api"]).as_dropdown(true))
        .auto_layout();
    let json = dashboard.to_json()?;
    print!("{}", String::from_utf8(json)?);
    Ok(())
}
