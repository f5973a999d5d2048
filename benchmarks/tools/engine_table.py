#!/usr/bin/env python3
"""Turns the JSON of an EngineBenchmark + RawRocksDbBenchmark run into the BENCHMARKS.md table.

Usage: python3 benchmarks/tools/engine_table.py benchmarks/results/engine-<date>.json

Figures are medians of the measurement iterations (more robust than JMH's mean on a noisy
machine); ratios divide the engine's median by raw RocksDB's median for the same thread count,
sync setting and operation (putNew vs putNew, putOverwrite vs putOverwrite, get vs get).
"""
import json
import statistics
import sys


def median(raw):
    return statistics.median(v for fork in raw for v in fork)


def load(path):
    rows = {}
    for r in json.load(open(path)):
        name = r["benchmark"].split(".")
        cls, variant, op = name[-3], name[-2], name[-1]
        p = r.get("params", {})
        stream = p.get("stream", "raw")
        cpu = r.get("secondaryMetrics", {}).get("cpu.us/op")
        rows[(cls, variant, op, stream, p.get("sync"))] = (
            median(r["primaryMetric"]["rawData"]),
            median(cpu["rawData"]) if cpu else None,
        )
    return rows


def fmt(v):
    return "—" if v is None else f"{v:,.0f}"


def main(path):
    rows = load(path)
    variants = [("OneThread", "1", "false"), ("FourThreads", "4", "false"), ("FourThreadsSync", "4", "true")]
    ops = ["putNew", "putOverwrite", "conditionalUpdate", "get", "query"]
    raw_of = {"putNew": "putNew", "putOverwrite": "putOverwrite", "get": "get", "conditionalUpdate": "putOverwrite"}
    print("| operation | threads | sync | stream off ops/s | stream on ops/s | raw RocksDB ops/s "
          "| off / raw | **on / raw** | CPU µs/op off · on · raw |")
    print("| --- | ---: | :---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for variant, threads, sync in variants:
        for op in ops:
            off = rows.get(("EngineBenchmark", variant, op, "false", sync))
            on = rows.get(("EngineBenchmark", variant, op, "true", sync))
            if off is None and on is None:
                continue
            raw = rows.get(("RawRocksDbBenchmark", variant, raw_of.get(op, ""), "raw", sync))
            def ratio(e):
                return "—" if e is None or raw is None else f"{e[0] / raw[0]:.2f}"
            label = op if op != "conditionalUpdate" or raw is None else op + " (vs raw put)"
            cpu = " · ".join(fmt(x[1]) if x else "—" for x in (off, on, raw))
            print(f"| {label} | {threads} | {sync} | {fmt(off[0]) if off else '—'} | {fmt(on[0]) if on else '—'} "
                  f"| {fmt(raw[0]) if raw else '—'} | {ratio(off)} | **{ratio(on)}** | {cpu} |")


if __name__ == "__main__":
    main(sys.argv[1])
