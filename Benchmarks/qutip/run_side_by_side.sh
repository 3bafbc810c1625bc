#!/usr/bin/env bash
# Side-by-side: QuTiP 5 steadystate vs DNPKit on the Zeno problem, N = 5, 6 at T = 1.2 K and 12 K.
#
# usage: Benchmarks/qutip/run_side_by_side.sh SWIFT_EXECUTABLE
#   SWIFT_EXECUTABLE is called as `SWIFT_EXECUTABLE N T --out FILE.json` and writes the same JSON keys as
#   qutip_steadystate.py (N, temperature_K, seconds_build, seconds_solve, peak_rss_MB, polarizations,
#   rho_real, rho_imag).
# Environment:
#   OUT_DIR   where the JSON files go (default: a fresh directory from mktemp -d; never the repository)
#   PYTHON    Python interpreter with qutip installed (default: python3)
#   NS, TS    space-separated lists overriding "5 6" and "1.2 12"
#   TOL       agreement required of max|drho| (default 1e-8)
# Exit status: non-zero if any comparison fails or any run fails.
set -u

if [ $# -lt 1 ]; then
    echo "usage: $0 SWIFT_EXECUTABLE" >&2
    exit 2
fi
SWIFT_EXE="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
PYTHON="${PYTHON:-python3}"
OUT_DIR="${OUT_DIR:-$(mktemp -d -t dnpkit-qutip-XXXXXX)}"
NS="${NS:-5 6}"
TS="${TS:-1.2 12}"
TOL="${TOL:-1e-8}"
mkdir -p "$OUT_DIR"

echo "output directory: $OUT_DIR"
echo "load before: $(uptime)"
"$PYTHON" -c 'import warnings; warnings.filterwarnings("ignore"); import qutip, scipy, numpy; print("qutip", qutip.__version__, "scipy", scipy.__version__, "numpy", numpy.__version__)'

status=0
rows=()
for N in $NS; do
    for T in $TS; do
        q="$OUT_DIR/qutip_${N}_${T}.json"
        s="$OUT_DIR/swift_${N}_${T}.json"
        c="$OUT_DIR/compare_${N}_${T}.txt"
        if ! "$PYTHON" "$HERE/qutip_steadystate.py" "$N" "$T" --out "$q"; then
            echo "QuTiP run failed for N=$N T=$T" >&2; status=1; continue
        fi
        if ! "$SWIFT_EXE" "$N" "$T" --out "$s"; then
            echo "DNPKit run failed for N=$N T=$T" >&2; status=1; continue
        fi
        # A = QuTiP, B = DNPKit: ratio = QuTiP total / DNPKit total.
        "$PYTHON" "$HERE/compare.py" "$q" "$s" --tol "$TOL" > "$c"
        rc=$?
        cat "$c"
        [ $rc -ne 0 ] && status=1
        row=$("$PYTHON" - "$q" "$s" "$c" "$rc" <<'EOF'
import json, sys
q, s = (json.load(open(p)) for p in sys.argv[1:3])
tq = q["seconds_build"] + q["seconds_solve"]
ts = s["seconds_build"] + s["seconds_solve"]
drho = [l.split()[1] for l in open(sys.argv[3]) if l.startswith("max|drho|")][0]
ok = "ok" if sys.argv[4] == "0" else "FAIL"
print(f"{q['N']:>2} {q['temperature_K']:>5} {tq:>10.4f} {ts:>10.4f} {tq / ts:>8.1f} {drho:>10} {ok:>4}"
      f" {q['peak_rss_MB']:>8.0f} {s.get('peak_rss_MB', float('nan')):>8.0f}")
EOF
)
        rows+=("$row")
    done
done

echo
echo " N     T   QuTiP s   DNPKit s    ratio  max|drho|  tol  QuTiP MB DNPKit MB"
for r in "${rows[@]}"; do echo "$r"; done
echo
echo "(times are build + solve; ratio = QuTiP / DNPKit; tolerance $TOL)"
echo "load after: $(uptime)"
echo "results in $OUT_DIR"
exit $status
