//! What every check reads: the input, the config, the catalog, and every query parsed once (in
//! parallel) in its own language, plus the verdict in the other language for the ones that
//! fail, so a PromQL query sent to Loki is told apart from a broken one.

use rayon::prelude::*;

use super::Subject;
use super::config::Config;
use super::input::dashboard::Dashboard;
use super::input::rules::RuleFile;
use super::input::{Input, Place, Query};
use crate::catalog::Catalog;
use crate::query::{self, Checked, Lang, ParseOptions, promql};

/// Which object a query belongs to.
#[derive(Debug, Clone, Copy)]
pub enum Owner<'a> {
    /// A dashboard.
    Dashboard(&'a Dashboard),
    /// A rule file.
    Rules(&'a RuleFile),
}

/// One query with its verdicts.
#[derive(Debug)]
pub struct Parsed<'a> {
    /// The query.
    pub query: &'a Query,
    /// Its owner.
    pub owner: Owner<'a>,
    /// The verdict in its own language.
    pub checked: Checked,
    /// For a query that fails in its language but is valid in the other: that language.
    pub other_lang: Option<Lang>,
    /// The PromQL tree, for a PromQL query whose syntax is valid.
    pub ast: Option<promql::Expr>,
}

impl Parsed<'_> {
    /// The language the query is checked in: its own, or the other one when the language
    /// was only guessed and the other parses.
    pub fn effective_lang(&self) -> Lang {
        match self.other_lang {
            Some(l) if !self.query.lang_known => l,
            _ => self.query.lang,
        }
    }

    /// What the finding is about.
    pub fn subject(&self) -> Subject {
        match self.owner {
            Owner::Dashboard(d) => {
                let panel = match &self.query.place {
                    Place::Panel { title, .. } => Some(title.clone()),
                    _ => None,
                };
                Subject {
                    panel,
                    ..dashboard_subject(d)
                }
            }
            Owner::Rules(f) => {
                let rule = match self.query.place {
                    Place::Rule { group, rule } => f
                        .groups
                        .get(group)
                        .and_then(|g| g.rules.get(rule))
                        .map(|r| r.name.value.clone()),
                    _ => None,
                };
                Subject {
                    rule,
                    ..Subject::default()
                }
            }
        }
    }

    /// The file the query is in.
    pub fn file(&self) -> &std::sync::Arc<crate::source::SourceFile> {
        &self.query.origin.file
    }
}

/// The subject of a finding about a dashboard as a whole.
pub fn dashboard_subject(d: &Dashboard) -> Subject {
    Subject {
        dashboard: Some((d.title().to_string(), d.uid().map(str::to_string))),
        ..Subject::default()
    }
}

/// Everything a check reads.
#[derive(Debug)]
pub struct Context<'a> {
    /// The input.
    pub input: &'a Input,
    /// Check settings.
    pub config: &'a Config,
    /// The metric catalog, when one is configured.
    pub catalog: Option<&'a Catalog>,
    /// Every query, parsed.
    pub queries: Vec<Parsed<'a>>,
}

impl<'a> Context<'a> {
    /// Parses every query of `input` (in parallel).
    pub fn new(input: &'a Input, config: &'a Config, catalog: Option<&'a Catalog>) -> Self {
        let opts = config.parse_options();
        let mut all: Vec<(&Query, Owner<'a>)> = Vec::new();
        for d in &input.dashboards {
            all.extend(d.queries.iter().map(|q| (q, Owner::Dashboard(d))));
        }
        for f in &input.rule_files {
            all.extend(f.queries.iter().map(|q| (q, Owner::Rules(f))));
        }
        let queries = all
            .into_par_iter()
            .map(|(q, owner)| parse(q, owner, &opts))
            .collect();
        Context {
            input,
            config,
            catalog,
            queries,
        }
    }
}

/// The verdict and, for PromQL, the tree.
fn analyze(lang: Lang, src: &str, opts: &ParseOptions) -> (Option<promql::Expr>, Checked) {
    match lang {
        Lang::PromQL => promql::analyze(src, opts),
        Lang::LogQL => (None, query::check(lang, src, opts)),
    }
}

fn parse<'a>(q: &'a Query, owner: Owner<'a>, opts: &ParseOptions) -> Parsed<'a> {
    let (ast, checked) = analyze(q.lang, &q.expr, opts);
    let mut other_lang = None;
    if !checked.is_valid() {
        let other = match q.lang {
            Lang::PromQL => Lang::LogQL,
            Lang::LogQL => Lang::PromQL,
        };
        if query::check(other, &q.expr, opts).is_valid() {
            other_lang = Some(other);
        }
    }
    let mut parsed = Parsed {
        query: q,
        owner,
        checked,
        other_lang,
        ast,
    };
    if !q.lang_known && other_lang.is_some() {
        // A guess that was wrong: check it in the language that parses.
        let (ast, checked) = analyze(parsed.effective_lang(), &q.expr, opts);
        parsed.ast = ast;
        parsed.checked = checked;
    }
    parsed
}
