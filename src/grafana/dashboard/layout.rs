//! Placing panels on Grafana's 24-column grid and numbering them.
//!
//! Flow layout: panels fill a line left to right and wrap when the next one does not fit; a
//! line is as tall as its tallest panel. A row starts a new line, spans the full width and is
//! one unit high. A collapsed row's children are laid out below it in their own flow (as
//! Grafana stores them) without moving the panels that follow the row.

use std::collections::BTreeSet;

use super::{GridPos, Panel};

/// Columns of the grid.
pub const GRID_COLUMNS: u32 = 24;
/// Width of a panel without a size.
pub const DEFAULT_PANEL_WIDTH: u32 = 12;
/// Height of a panel without a size.
pub const DEFAULT_PANEL_HEIGHT: u32 = 8;

struct Cursor {
    x: u32,
    y: u32,
    line_h: u32,
}

impl Cursor {
    fn new_line(&mut self) {
        if self.x > 0 {
            self.y += self.line_h;
            self.x = 0;
            self.line_h = 0;
        }
    }

    /// The bottom of everything placed so far.
    fn bottom(&self) -> u32 {
        self.y + self.line_h
    }

    fn place(&mut self, w: u32, h: u32) -> GridPos {
        if self.x + w > GRID_COLUMNS {
            self.new_line();
        }
        let pos = GridPos {
            h,
            w,
            x: self.x,
            y: self.y,
        };
        self.x += w;
        self.line_h = self.line_h.max(h);
        pos
    }
}

/// Computes `x`/`y` of every panel from its size (or the defaults), in order.
pub(super) fn flow(panels: &mut [Panel]) {
    let mut cur = Cursor {
        x: 0,
        y: 0,
        line_h: 0,
    };
    flow_from(panels, &mut cur);
}

fn flow_from(panels: &mut [Panel], cur: &mut Cursor) {
    for p in panels.iter_mut() {
        if p.is_row() {
            cur.new_line();
            let y = cur.bottom();
            p.grid_pos = Some(GridPos {
                h: 1,
                w: GRID_COLUMNS,
                x: 0,
                y,
            });
            *cur = Cursor {
                x: 0,
                y: y + 1,
                line_h: 0,
            };
            if p.collapsed == Some(true)
                && let Some(children) = p.panels.as_mut()
            {
                let mut inner = Cursor {
                    x: 0,
                    y: y + 1,
                    line_h: 0,
                };
                flow_from(children, &mut inner);
            }
        } else {
            let (w, h) = p
                .grid_pos
                .map_or((DEFAULT_PANEL_WIDTH, DEFAULT_PANEL_HEIGHT), |g| (g.w, g.h));
            let w = w.clamp(1, GRID_COLUMNS);
            let h = h.max(1);
            p.grid_pos = Some(cur.place(w, h));
        }
    }
}

/// Gives every panel without an id the smallest free id ≥ 1, depth-first in order.
pub(super) fn assign_ids(panels: &mut [Panel]) {
    fn taken(ps: &[Panel], set: &mut BTreeSet<u32>) {
        for p in ps {
            if let Some(id) = p.id {
                set.insert(id);
            }
            if let Some(children) = &p.panels {
                taken(children, set);
            }
        }
    }
    fn fill(ps: &mut [Panel], used: &mut BTreeSet<u32>, next: &mut u32) {
        for p in ps {
            if p.id.is_none() {
                while used.contains(next) {
                    *next += 1;
                }
                p.id = Some(*next);
                used.insert(*next);
            }
            if let Some(children) = p.panels.as_mut() {
                fill(children, used, next);
            }
        }
    }
    let mut used = BTreeSet::new();
    taken(panels, &mut used);
    let mut next = 1;
    fill(panels, &mut used, &mut next);
}
