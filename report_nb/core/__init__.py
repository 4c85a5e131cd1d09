"""The report as data and the official checker's reading of it: pure functions, no files.

``model`` holds the report, ``template`` turns course Markdown into it and back losslessly,
``rules`` the limits of each course year, ``grader`` the official checker's split, ``check`` our
findings on top of it, and ``printing`` the check results as text, JSON or GitHub annotations.
Nothing here imports nbformat, nbconvert or jupytext, so ``report-nb check`` stays cheap.
"""
