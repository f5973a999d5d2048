#!/usr/bin/env python3
"""Markdown tables for a WireBenchmark run with --before-cli: current build, older build and
DynamoDB Local side by side; wrk figures are medians over --wrk-rounds.

usage: python3 benchmarks/tools/wire_before_after.py benchmarks/results/wire-DIR
"""
import csv
import statistics
import sys
from pathlib import Path

d = Path(sys.argv[1])


def rows(name):
    p = d / name
    return list(csv.DictReader(p.open())) if p.exists() else []


def fmt(x):
    return f"{x:,.0f}"


sdk = rows("sdk.csv")
if sdk:
    by = {(r["server"], r["workload"], r["threads"]): r for r in sdk}
    print("### SDK client: ops/s (p50 / p99 ms), server CPU µs/op\n")
    print("| threads | workload | sync after | sync before | after ÷ before | no-sync after | no-sync before "
          "| after ÷ before | DDB Local mem | sync after ÷ DDB | DDB Local file |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |")
    for t in sorted({r["threads"] for r in sdk}, key=int):
        for w in ["put", "get", "query", "update", "mixed"]:
            s, sb, n, nb, m, f = (by.get((x, w, t)) for x in (
                "trib-sync", "trib-sync-before", "trib-nosync", "trib-nosync-before", "ddb-mem", "ddb-file"))
            if not (s and sb and n and nb and m):
                continue
            cell = lambda r: (f'{fmt(float(r["ops_per_s"]))} ({float(r["p50_ms"]):.1f} / {float(r["p99_ms"]):.1f}), '
                              f'{float(r["server_cpu_us_per_op"]):.0f} µs')
            ratio = lambda a, b: f'{float(a["ops_per_s"]) / float(b["ops_per_s"]):.2f}x'
            print(f"| {t} | {w} | {cell(s)} | {cell(sb)} | {ratio(s, sb)} | {cell(n)} | {cell(nb)} | {ratio(n, nb)} "
                  f"| {cell(m)} | {ratio(s, m)} | {cell(f) if f else ''} |")
    print()

wrk = rows("wrk.csv")
if wrk:
    groups = {}
    for r in wrk:
        groups.setdefault((r["server"], r["script"]), []).append(r)
    med = {}
    print("### wrk (2 threads, 32 connections): medians over rounds\n")
    print("| server | request | rounds | requests/s median (min-max) | server CPU µs/request median | p50 / p99 of the median round |")
    print("| --- | --- | --- | --- | --- | --- |")
    for (server, script), rs in groups.items():
        rps = sorted(float(r["requests_per_s"]) for r in rs)
        m = statistics.median(rps)
        med[(server, script)] = m
        cpu = statistics.median(float(r["server_cpu_us_per_req"]) for r in rs)
        mid = sorted(rs, key=lambda r: float(r["requests_per_s"]))[len(rs) // 2]
        print(f"| {server} | {script} | {len(rs)} | {fmt(m)} ({fmt(rps[0])}-{fmt(rps[-1])}) | {cpu:.1f} "
              f"| {mid['p50']} / {mid['p99']} |")
    print()
    pairs = [("trib-sync", "trib-sync-before"), ("trib-nosync", "trib-nosync-before"), ("fixed", "fixed-before")]
    for script in ("get", "put"):
        for a, b in pairs:
            if (a, script) in med and (b, script) in med:
                print(f"- {script}: {a} ÷ {b} = {med[(a, script)] / med[(b, script)]:.2f}")
        for a in ("trib-sync", "trib-nosync", "trib-sync-before", "trib-nosync-before"):
            for ref in ("ddb-mem", "ddb-file", "fixed", "fixed-before"):
                if (a, script) in med and (ref, script) in med:
                    print(f"- {script}: {a} ÷ {ref} = {med[(a, script)] / med[(ref, script)]:.2f}")
        for ref in ("ddb-mem",):
            for a in ("fixed", "fixed-before"):
                if (a, "get") in med and (ref, "get") in med and script == "get":
                    print(f"- get: {a} ÷ {ref} = {med[(a, 'get')] / med[(ref, 'get')]:.2f}")
