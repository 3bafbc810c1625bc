"""Compare two steady-state JSON files written by qutip_steadystate.py or the DNPKit executable.

usage: python compare.py A.json B.json [--tol 1e-8]

Prints max |rho_A - rho_B| elementwise, max |P_A,i - P_B,i|, and the time ratio
(A seconds_build + seconds_solve) / (B seconds_build + seconds_solve).
Exits 1 if max |rho_A - rho_B| > tol (or the shapes differ), 0 otherwise.
"""

import argparse
import json
import sys

import numpy as np


def load(path):
    with open(path) as f:
        d = json.load(f)
    re = np.asarray(d["rho_real"], dtype=float)
    im = np.asarray(d["rho_imag"], dtype=float)
    total = float(d["seconds_build"]) + float(d["seconds_solve"])
    return d, re + 1j * im, np.asarray(d["polarizations"], dtype=float), total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("a")
    ap.add_argument("b")
    ap.add_argument("--tol", type=float, default=1e-8)
    args = ap.parse_args()

    da, ra, pa, ta = load(args.a)
    db, rb, pb, tb = load(args.b)
    if (da["N"], float(da["temperature_K"])) != (db["N"], float(db["temperature_K"])):
        print(f"warning: different problems: N={da['N']} T={da['temperature_K']} vs N={db['N']} T={db['temperature_K']}")
    if ra.shape != rb.shape or pa.shape != pb.shape:
        print(f"shape mismatch: rho {ra.shape} vs {rb.shape}, P {pa.shape} vs {pb.shape}")
        sys.exit(1)
    drho = float(np.max(np.abs(ra - rb)))
    dp = float(np.max(np.abs(pa - pb)))
    ratio = ta / tb if tb > 0 else float("inf")
    print(f"max|drho| {drho:.3e}")
    print(f"max|dP| {dp:.3e}")
    print(f"time A {ta:.6f} s, B {tb:.6f} s, ratio A/B {ratio:.2f}")
    if "peak_rss_MB" in da and "peak_rss_MB" in db:
        print(f"peak RSS A {da['peak_rss_MB']:.0f} MB, B {db['peak_rss_MB']:.0f} MB")
    if not drho <= args.tol:
        print(f"FAIL: max|drho| {drho:.3e} > {args.tol:.1e}")
        sys.exit(1)
    print(f"OK: max|drho| <= {args.tol:.1e}")


if __name__ == "__main__":
    main()
