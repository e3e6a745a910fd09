//! Semantic diff of two builds (base revision vs work tree), per object.
