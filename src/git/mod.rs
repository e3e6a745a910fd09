//! Reading a repository at a revision from git objects, behind a small trait.
