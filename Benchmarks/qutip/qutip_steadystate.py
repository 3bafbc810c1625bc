"""QuTiP 5 side of the Zeno steady-state benchmark.

usage: python qutip_steadystate.py N T_K --out FILE.json [--omega1-zero] [--method direct] [--solver NAME]

Times qutip.liouvillian(H, c_ops) ("seconds_build") and qutip.steadystate(L) with QuTiP's default
method and solver ("seconds_solve"); steadystate(H, c_ops) builds exactly this Liouvillian
internally, so the sum is the cost of steadystate(H, c_ops).  Python import time and the NumPy
construction of H and the jump operators are excluded (reported as "seconds_problem").
"""

import argparse
import json
import platform
import resource
import sys
import time
import warnings

warnings.filterwarnings("ignore", message="matplotlib not found")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.sparse.linalg  # noqa: E402
import qutip  # noqa: E402

import zeno_problem as zp  # noqa: E402


def peak_rss_mb() -> float:
    # ru_maxrss is in KiB on Linux (bytes on macOS).
    r = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return r / (1024.0 * 1024.0) if sys.platform == "darwin" else r / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("N", type=int)
    ap.add_argument("T_K", type=float)
    ap.add_argument("--out", required=True)
    ap.add_argument("--omega1-zero", action="store_true", help="no microwave drive (Gibbs check)")
    ap.add_argument("--method", default=None, help="steadystate method (default: QuTiP's default)")
    ap.add_argument("--solver", default=None, help="linear solver (default: QuTiP's default)")
    args = ap.parse_args()

    n = args.N
    t0 = time.perf_counter()
    h, c_ops, _ = zp.build(n, args.T_K, 0.0 if args.omega1_zero else zp.OMEGA_1)
    hq = zp.to_qobj(h, n)
    cq = [zp.to_qobj(c, n) for c in c_ops]
    t1 = time.perf_counter()

    L = qutip.liouvillian(hq, cq)
    t2 = time.perf_counter()
    print(f"N={n} T={args.T_K} K: Liouvillian built in {t2 - t1:.3f} s "
          f"({type(L.data).__name__}), peak RSS {peak_rss_mb():.0f} MB; solving...", file=sys.stderr, flush=True)
    kw = {}
    if args.method is not None:
        kw["method"] = args.method
    if args.solver is not None:
        kw["solver"] = args.solver
    rho_q = qutip.steadystate(L, **kw)
    t3 = time.perf_counter()

    rho = rho_q.full()
    out = {
        "N": n,
        "temperature_K": args.T_K,
        "omega1": 0.0 if args.omega1_zero else zp.OMEGA_1,
        "seconds_problem": t1 - t0,
        "seconds_build": t2 - t1,
        "seconds_solve": t3 - t2,
        "peak_rss_MB": peak_rss_mb(),
        "polarizations": zp.polarizations(rho, n).tolist(),
        "trace": float(np.real(np.trace(rho))),
        "hermiticity_error": float(np.max(np.abs(rho - rho.conj().T))),
        "residual_rel": None,
        "steadystate_method": args.method or "direct (QuTiP default)",
        "linear_solver": args.solver or "spsolve (QuTiP default for CSR: scipy.sparse.linalg.spsolve)",
        "liouvillian_dtype": type(L.data).__name__,
        "liouvillian_nnz": int(L.data.as_scipy().nnz) if hasattr(L.data, "as_scipy") else None,
        "qutip_version": qutip.__version__,
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "python_version": platform.python_version(),
        "machine": platform.machine(),
    }
    # Relative residual ||L rho|| / (||L||_F ||rho||_F) in QuTiP's column-stacked vectorization.
    vec = rho.reshape(-1, order="F")
    lv = L.data.as_scipy() @ vec if hasattr(L.data, "as_scipy") else L.full() @ vec
    lnorm = scipy.sparse.linalg.norm(L.data.as_scipy()) if hasattr(L.data, "as_scipy") else np.linalg.norm(L.full())
    out["residual_rel"] = float(np.linalg.norm(lv) / (lnorm * np.linalg.norm(vec)))
    out.update(zp.export_rho(rho))
    with open(args.out, "w") as f:
        json.dump(out, f)
    print(
        f"N={n} T={args.T_K} K: build {out['seconds_build']:.3f} s, solve {out['seconds_solve']:.3f} s, "
        f"peak RSS {out['peak_rss_MB']:.0f} MB, residual {out['residual_rel']:.2e}, "
        f"L {out['liouvillian_dtype']} nnz {out['liouvillian_nnz']}"
    )


if __name__ == "__main__":
    main()
