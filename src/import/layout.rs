//! From `gridPos` back to rows and widths.
//!
//! The compiler lays panels out left to right, wrapping when the next one does not fit in 24
//! columns, a line as tall as its tallest panel, a row header ending the line and taking one
//! unit. This replays that flow over the original positions: a panel the flow puts exactly
//! where the original has it gets only `width`/`height` (each left out when default); any
//! other gets an explicit `gridPos`.

use serde_json::Value;

const COLUMNS: u32 = 24;
/// The compiler's default panel width.
pub const DEFAULT_WIDTH: u32 = 12;
/// The compiler's default panel height (when the row sets none).
pub const DEFAULT_HEIGHT: u32 = 8;

/// A panel position on the grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridPos {
    /// Column.
    pub x: u32,
    /// Line.
    pub y: u32,
    /// Width.
    pub w: u32,
    /// Height.
    pub h: u32,
}

impl GridPos {
    /// Reads `gridPos` of a panel (missing numbers are Grafana's defaults).
    pub fn of(panel: &Value) -> Option<GridPos> {
        let g = panel.get("gridPos")?;
        let n = |k: &str, d: u32| {
            g.get(k)
                .and_then(Value::as_f64)
                .filter(|f| *f >= 0.0 && f.fract() == 0.0 && *f < 1e6)
                .map_or(d, |f| f as u32)
        };
        Some(GridPos {
            x: n("x", 0),
            y: n("y", 0),
            w: n("w", DEFAULT_WIDTH),
            h: n("h", DEFAULT_HEIGHT),
        })
    }
}

/// How one panel is placed in source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// By the flow: width and height, `None` when default.
    Flow {
        /// `width:` when not 12.
        width: Option<u32>,
        /// `height:` when not the row's.
        height: Option<u32>,
    },
    /// Explicitly.
    Explicit(GridPos),
}

/// The compiler's flow cursor.
#[derive(Debug, Default, Clone)]
pub struct Flow {
    x: u32,
    y: u32,
    line_height: u32,
}

impl Flow {
    /// A row header: ends the line, takes one unit; returns its y.
    pub fn row(&mut self) -> u32 {
        self.new_line();
        let y = self.y;
        self.y += 1;
        y
    }

    /// Places a panel whose original position is `pos` (if it has one), in a row whose
    /// panels default to `row_height`.
    pub fn place(&mut self, pos: Option<GridPos>, row_height: u32) -> Placement {
        let Some(pos) = pos else {
            let (w, h) = (DEFAULT_WIDTH, row_height);
            self.advance(w, h);
            return Placement::Flow {
                width: None,
                height: None,
            };
        };
        let w = pos.w.clamp(1, COLUMNS);
        let (mut x, mut y, mut line_height) = (self.x, self.y, self.line_height);
        if x + w > COLUMNS {
            y += line_height;
            x = 0;
            line_height = 0;
        }
        if (x, y, w) == (pos.x, pos.y, pos.w) {
            self.x = x + w;
            self.y = y;
            self.line_height = line_height.max(pos.h);
            return Placement::Flow {
                width: (w != DEFAULT_WIDTH).then_some(w),
                height: (pos.h != row_height).then_some(pos.h),
            };
        }
        // Explicit: the compiler moves past it.
        if pos.y + pos.h > self.y + self.line_height {
            self.line_height = pos.y + pos.h - self.y;
        }
        Placement::Explicit(pos)
    }

    fn advance(&mut self, w: u32, h: u32) {
        if self.x + w > COLUMNS {
            self.new_line();
        }
        self.x += w;
        self.line_height = self.line_height.max(h);
    }

    fn new_line(&mut self) {
        self.y += self.line_height;
        self.x = 0;
        self.line_height = 0;
    }
}

/// The height most panels of a row have (fewest `height:` keys), else the default.
pub fn common_height(panels: &[&Value]) -> u32 {
    let mut counts: Vec<(u32, usize)> = Vec::new();
    for p in panels {
        if let Some(g) = GridPos::of(p) {
            match counts.iter_mut().find(|(h, _)| *h == g.h) {
                Some((_, n)) => *n += 1,
                None => counts.push((g.h, 1)),
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(h, n)| (*n, *h == DEFAULT_HEIGHT))
        .map_or(DEFAULT_HEIGHT, |(h, _)| *h)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn g(x: u32, y: u32, w: u32, h: u32) -> Option<GridPos> {
        Some(GridPos { x, y, w, h })
    }

    #[test]
    fn flowing_panels_get_widths_and_others_explicit_positions() {
        let mut f = Flow::default();
        assert_eq!(
            f.place(g(0, 0, 12, 8), 8),
            Placement::Flow {
                width: None,
                height: None
            }
        );
        assert_eq!(
            f.place(g(12, 0, 6, 4), 8),
            Placement::Flow {
                width: Some(6),
                height: Some(4)
            }
        );
        assert_eq!(
            f.place(g(18, 0, 6, 8), 8),
            Placement::Flow {
                width: Some(6),
                height: None
            }
        );
        // Wraps to y 8: matches.
        assert_eq!(
            f.place(g(0, 8, 24, 8), 8),
            Placement::Flow {
                width: Some(24),
                height: None
            }
        );
        assert_eq!(f.row(), 16);
        // A gap the flow cannot make: explicit.
        assert_eq!(
            f.place(g(6, 17, 6, 3), 8),
            Placement::Explicit(GridPos {
                x: 6,
                y: 17,
                w: 6,
                h: 3
            })
        );
    }

    #[test]
    fn common_height_prefers_the_majority() {
        let a = serde_json::json!({"gridPos": {"h": 6}});
        let b = serde_json::json!({"gridPos": {"h": 9}});
        assert_eq!(common_height(&[&a, &a, &b]), 6);
        assert_eq!(common_height(&[]), DEFAULT_HEIGHT);
    }
}

/// Moves panels up as far as they go without overlapping the ones above, as Grafana's grid
/// does when it shows a dashboard (vertical compaction, in `y` then `x` order). Nested panels
/// of collapsed rows are left alone.
pub fn compact(panels: &mut [Value]) {
    fill_missing_grid_pos(panels);
    let mut order: Vec<usize> = (0..panels.len()).collect();
    // A row header is always full width and one unit high, whatever its gridPos says.
    let pos: Vec<Option<GridPos>> = panels
        .iter()
        .map(|p| {
            let g = GridPos::of(p)?;
            if p.get("type").and_then(Value::as_str) == Some("row") {
                Some(GridPos {
                    x: 0,
                    w: COLUMNS,
                    h: 1,
                    ..g
                })
            } else {
                Some(g)
            }
        })
        .collect();
    order.sort_by_key(|&i| pos[i].map_or((u32::MAX, u32::MAX), |g| (g.y, g.x)));
    let mut placed: Vec<GridPos> = Vec::new();
    for i in order {
        let Some(mut g) = pos[i] else {
            continue;
        };
        while g.y > 0
            && !placed
                .iter()
                .any(|p| overlaps(p, &GridPos { y: g.y - 1, ..g }))
        {
            g.y -= 1;
        }
        // Pushed down below anything it overlaps (react-grid-layout resolves collisions so).
        while let Some(p) = placed.iter().find(|p| overlaps(p, &g)) {
            g.y = p.y + p.h;
        }
        placed.push(g);
        if pos[i].is_some_and(|orig| orig.y != g.y)
            && let Some(gp) = panels[i].get_mut("gridPos").and_then(Value::as_object_mut)
        {
            gp.insert("y".into(), serde_json::json!(g.y));
        }
    }
}

/// Orders top-level panels by position (`y`, then `x`; equal ones keep their order), as
/// Grafana's `DashboardModel` does on load (`sortPanelsByGridPos()` in its constructor,
/// public/app/features/dashboard/state/DashboardModel.ts); which row a panel belongs to
/// follows from this order (scenes' `createSceneObjectsForPanels`).
pub fn sort_by_grid_pos(panels: &mut [Value]) {
    fill_missing_grid_pos(panels);
    panels.sort_by_key(|p| GridPos::of(p).map_or((0, 0), |g| (g.y, g.x)));
}

/// Where and in which order Grafana shows top-level panels: sorted as loaded (which decides
/// row membership), compacted, then in the order of their shown position (a full-width row
/// header stops compaction, so no panel changes rows).
pub fn arrange(panels: &mut [Value]) {
    sort_by_grid_pos(panels);
    compact(panels);
    panels.sort_by_key(|p| GridPos::of(p).map_or((0, 0), |g| (g.y, g.x)));
}

/// Grafana's `PanelModel` gives a panel saved without `gridPos` its default
/// `{x: 0, y: 0, h: 3, w: 6}` (`defaults` in
/// public/app/features/dashboard/state/PanelModel.ts); the grid then places it like any other.
pub fn fill_missing_grid_pos(panels: &mut [Value]) {
    for p in panels.iter_mut() {
        if let Some(o) = p.as_object_mut()
            && !o.get("gridPos").is_some_and(Value::is_object)
        {
            o.insert(
                "gridPos".into(),
                serde_json::json!({"x": 0, "y": 0, "w": 6, "h": 3}),
            );
        }
        if let Some(Value::Array(children)) = p.get_mut("panels") {
            fill_missing_grid_pos(children);
        }
    }
}

fn overlaps(a: &GridPos, b: &GridPos) -> bool {
    a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
}

#[cfg(test)]
mod compact_tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn arrange_sorts_as_loaded_then_by_shown_position() {
        let mut p = vec![
            json!({"title": "r2", "type": "row", "gridPos": {"x": 0, "y": 10, "w": 24, "h": 1}}),
            json!({"title": "b", "gridPos": {"x": 0, "y": 11, "w": 12, "h": 2}}),
            json!({"title": "r1", "type": "row", "gridPos": {"x": 0, "y": 0, "w": 24, "h": 1}}),
            json!({"title": "a", "gridPos": {"x": 12, "y": 4, "w": 12, "h": 2}}),
        ];
        arrange(&mut p);
        let order: Vec<&str> = p.iter().map(|x| x["title"].as_str().unwrap()).collect();
        assert_eq!(order, vec!["r1", "a", "r2", "b"]);
        let ys: Vec<i64> = p
            .iter()
            .map(|x| x["gridPos"]["y"].as_i64().unwrap())
            .collect();
        assert_eq!(ys, vec![0, 1, 3, 4]);
    }

    #[test]
    fn gaps_close_and_overlaps_push_down() {
        let mut p = vec![
            json!({"gridPos": {"x": 0, "y": 0, "w": 24, "h": 3}}),
            json!({"gridPos": {"x": 0, "y": 6, "w": 12, "h": 6}}),
            json!({"gridPos": {"x": 12, "y": 9, "w": 12, "h": 2}}),
        ];
        compact(&mut p);
        let ys: Vec<i64> = p
            .iter()
            .map(|x| x["gridPos"]["y"].as_i64().unwrap())
            .collect();
        assert_eq!(ys, vec![0, 3, 3]);
    }

    #[test]
    fn a_panel_without_grid_pos_takes_grafanas_default_place() {
        let mut p = vec![
            json!({"type": "stat"}),
            json!({"type": "stat", "gridPos": {"x": 6, "y": 0, "w": 6, "h": 3}}),
            json!({"type": "row", "collapsed": true, "panels": [{"type": "stat"}]}),
        ];
        compact(&mut p);
        assert_eq!(p[0]["gridPos"], json!({"x": 0, "y": 0, "w": 6, "h": 3}));
        assert_eq!(p[1]["gridPos"], json!({"x": 6, "y": 0, "w": 6, "h": 3}));
        // The row header goes below both; its nested panel gets the default too.
        assert_eq!(p[2]["gridPos"]["y"], json!(3));
        assert_eq!(
            p[2]["panels"][0]["gridPos"],
            json!({"x": 0, "y": 0, "w": 6, "h": 3})
        );
    }
}
