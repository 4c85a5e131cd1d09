"""Google Cloud spend for question 27: cost per service, credits used, net total, from two sources.

* :func:`read_csv` reads a billing CSV downloaded from the Cloud console (Billing > Reports or
  Billing > Cost table; the layouts are in :mod:`report_nb.live.gcp.console`);
* :func:`query_bigquery` runs :func:`billing_sql` on the BigQuery billing export (the ``gcp``
  extra) and keeps the result for ``--offline`` builds (:mod:`report_nb.live.gcp.bigquery`).

Both return :class:`Costs` (:mod:`report_nb.live.gcp.costs`), where ``credits`` is the positive
amount of credits used, so ``net = cost - credits``; ``most_expensive`` is ``None`` when nothing
was spent. Importing this package imports neither BigQuery nor matplotlib.
"""

from __future__ import annotations

from report_nb.live.gcp.bigquery import billing_sql, query_bigquery
from report_nb.live.gcp.console import read_csv
from report_nb.live.gcp.costs import Costs, ServiceCost

__all__ = ["Costs", "ServiceCost", "billing_sql", "query_bigquery", "read_csv"]
