//! The registry of checks over the IR: one check per file, each with a stable id, a severity,
//! documentation with a bad and a good example, and its own tests.
