"""``socialplan diff``: what changed between two versions of a plan, by
meaning. :mod:`.revisions` lays a plan at a git revision out in a folder;
:mod:`.compare` compares the two plans' reports (pure, no I/O)."""
