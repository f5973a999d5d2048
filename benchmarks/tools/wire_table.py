#!/usr/bin/env python3
"""Markdown tables with ratios from WireBenchmark's sdk.csv and wrk.csv.

usage: python3 benchmarks/tools/wire_table.py benchmarks/results/wire-DATE
"""
import csv
import sys
from pathlib import Path

d = Path(sys.argv[1])


def rows(name):
    p = d / name
    return list(csv.DictReader(p.open())) if p.exists() else []


sdk = rows("sdk.csv")
if sdk:
    by = {(r["server"], r["workload"], r["threads"]): r for r in sdk}
    print("| threads | workload | Tributary sync ops/s (p50 / p99 ms) | Tributary --no-sync | DynamoDB Local in memory | "
          "sync ÷ DDB | no-sync ÷ DDB | server CPU µs/op sync / no-sync / DDB |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for t in sorted({r["threads"] for r in sdk}, key=int):
        for w in ["put", "get", "query", "update", "mixed"]:
            s, n, m = (by.get((x, w, t)) for x in ("trib-sync", "trib-nosync", "ddb-mem"))
            if not (s and n and m):
                continue
            cell = lambda r: f'{float(r["ops_per_s"]):,.0f} ({float(r["p50_ms"]):.1f} / {float(r["p99_ms"]):.1f})'
            ratio = lambda a: f'{float(a["ops_per_s"]) / float(m["ops_per_s"]):.2f}x'
            print(f"| {t} | {w} | {cell(s)} | {cell(n)} | {cell(m)} | {ratio(s)} | {ratio(n)} | "
                  f'{float(s["server_cpu_us_per_op"]):.0f} / {float(n["server_cpu_us_per_op"]):.0f} / '
                  f'{float(m["server_cpu_us_per_op"]):.0f} |')
    print()
    print("| threads | put, file-backed | Tributary sync ops/s (p50 / p99 ms) | DynamoDB Local -dbPath -sharedDb | ratio |")
    print("| --- | --- | --- | --- | --- |")
    for t in sorted({r["threads"] for r in sdk}, key=int):
        s, f = by.get(("trib-sync", "put", t)), by.get(("ddb-file", "put", t))
        if s and f:
            print(f'| {t} | put | {float(s["ops_per_s"]):,.0f} ({float(s["p50_ms"]):.1f} / {float(s["p99_ms"]):.1f}) | '
                  f'{float(f["ops_per_s"]):,.0f} ({float(f["p50_ms"]):.1f} / {float(f["p99_ms"]):.1f}) | '
                  f'{float(s["ops_per_s"]) / float(f["ops_per_s"]):.1f}x |')
    errs = [r for r in sdk if r["errors"] != "0"]
    if errs:
        print("\nerrors:", ", ".join(f'{r["server"]} {r["workload"]} {r["threads"]}: {r["errors"]}' for r in errs))
    print()

wrk = rows("wrk.csv")
if wrk:
    by = {(r["server"], r["script"]): r for r in wrk}
    fixed = by.get(("fixed", "get"))
    print("| server | request | requests/s | p50 / p99 | server CPU (cores) | server CPU µs/request | ÷ DDB Local in memory | ÷ fixed response |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for r in wrk:
        ddb = by.get(("ddb-mem", r["script"]))
        rps = float(r["requests_per_s"])
        vs_ddb = f"{rps / float(ddb['requests_per_s']):.1f}x" if ddb and r["server"] != "ddb-mem" else ""
        vs_fixed = f"{rps / float(fixed['requests_per_s']):.2f}" if fixed and r["server"] != "fixed" else ""
        print(f'| {r["server"]} | {r["script"]} | {rps:,.0f} | {r["p50"]} / {r["p99"]} | {r["server_cpu_cores"]} | '
              f'{r["server_cpu_us_per_req"]} | {vs_ddb} | {vs_fixed} |')
