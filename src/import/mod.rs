//! Import: Grafana JSON exports, `grafana.db` and rule files into tracked source.
