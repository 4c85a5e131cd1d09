"""The ``.report-nb/`` folder beside a report notebook: what report-nb keeps between commands.

``layout`` names its paths, ``lock`` lets one command at a time write into a folder,
``transaction`` writes a set of files as one journaled commit that survives a kill, ``state``
records the bytes report-nb wrote (``state.json``), ``outputs`` applies the ownership rule to a
build's outputs, and ``mergebase`` keeps what a three-way ``import --merge`` compares against.
"""
