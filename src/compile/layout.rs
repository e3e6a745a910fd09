//! Layout on Grafana's 24-column grid: panels go left to right and wrap; rows stack.

/// Grid width.
pub const COLUMNS: u32 = 24;
/// Default panel width.
pub const DEFAULT_WIDTH: u32 = 12;
/// Default panel height.
pub const DEFAULT_HEIGHT: u32 = 8;

/// Places panels left to right, wrapping when the next one does not fit.
#[derive(Debug, Default, Clone)]
pub struct Cursor {
    x: u32,
    y: u32,
    line_height: u32,
}

impl Cursor {
    /// A cursor at the top left.
    pub fn new() -> Self {
        Cursor::default()
    }

    /// The position of the next `w`×`h` panel.
    pub fn place(&mut self, w: u32, h: u32) -> (u32, u32) {
        let w = w.clamp(1, COLUMNS);
        if self.x + w > COLUMNS {
            self.new_line();
        }
        let at = (self.x, self.y);
        self.x += w;
        self.line_height = self.line_height.max(h);
        at
    }

    /// A full-width row header: ends the current line and takes one unit.
    pub fn row(&mut self) -> u32 {
        self.new_line();
        let y = self.y;
        self.y += 1;
        y
    }

    /// Moves past a panel placed explicitly.
    pub fn skip_past(&mut self, y_end: u32) {
        if y_end > self.y + self.line_height {
            self.line_height = y_end - self.y;
        }
    }

    fn new_line(&mut self) {
        self.y += self.line_height;
        self.x = 0;
        self.line_height = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_and_stacks_rows() {
        let mut c = Cursor::new();
        assert_eq!(c.place(12, 8), (0, 0));
        assert_eq!(c.place(12, 4), (12, 0));
        assert_eq!(c.place(8, 4), (0, 8));
        assert_eq!(c.row(), 12);
        assert_eq!(c.place(24, 3), (0, 13));
        assert_eq!(c.place(30, 3), (0, 16));
    }
}
