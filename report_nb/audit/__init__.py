"""The checklist held against the repository: which ticked items a grader can find evidence for.

``checklist`` reads the items and their ticks out of a README, ``rules`` loads the rule data
(``rules/*.json``, one file per template generation) and matches items by text, ``repo`` walks
the repository once into a cached index, ``evidence`` runs the probes a rule names over that
index, and ``table`` is the course staff's batch mode over many repositories.
:func:`report_nb.commands.auditing.audit` puts them together.
"""
