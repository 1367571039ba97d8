"""Benchmarks: every figure beside its baseline, measured in one run on this machine.

`python -m bench` (or `make bench`) runs them all and writes `bench/results.md`,
`bench/results.json` and `bench/latency.png`; `--quick` is a smoke-sized run.
"""
