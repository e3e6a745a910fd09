//! Emit targets: one module per output format (sidecar ConfigMaps, provisioning tree,
//! PrometheusRule, Loki ruler files). Each turns the IR into a set of output files.
