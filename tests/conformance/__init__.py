"""Conformance against newman: does a generated method send the request Postman sends?

For each collection: a copy aimed at a loopback recorder (`rewrite.py`, `origins.py`) is run through
newman (`newman.py`) and through the client postgen builds from the same copy (`run.py`, with the
arguments from `arguments.py` and the constructor settings from `settings.py`); the two recordings
(`recorder.py`) of every request are compared part by part (`normalize.py`, `compare.py`).
`postman.py` re-reads the little of Postman's semantics the referee needs without postgen's parser;
`targets.py` picks the collections; `summary.py` prints the results. Entry points:
`tests/test_conformance.py` and `benchmarks/conformance_report.py`.
"""
