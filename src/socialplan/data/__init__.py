"""The data engine: exports that a plan names (survey results, pilot
results, platform usage), read in place and aggregated by DuckDB.

Exports can be large (a million survey rows, hundreds of millions of usage
rows) and hold personal data (names, e-mail addresses, free text). So:

* files are read by the engine, never row by row into Python objects;
* only the columns a plan maps are ever selected, by position, so a name or
  a free-text answer never leaves the file, and no text from a file is ever
  spliced into SQL (paths and values are query parameters; the engine's
  column names are ``c0``, ``c1``...);
* problems carry the file, the row and the column's header, like a plan's
  problems carry file:line:column.

:mod:`socialplan.data.tabular` finds a file's layout (encoding, delimiter,
header rows); :mod:`socialplan.data.engine` opens the engine with bounded
resources and scans a file with that layout.
"""
