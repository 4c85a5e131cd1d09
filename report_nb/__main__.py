"""``python -m report_nb``: the same command line as ``report-nb``."""

from report_nb.cli import run

run()
