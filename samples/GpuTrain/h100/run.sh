#!/usr/bin/env bash
# The GPU measurement of the issue, side by side in one run: ModelGen's GPU variant, the same models on the CPU, and
# PyTorch/cuDNN, for the char-lm and large configurations, each cell. Run on the GPU machine from the folder that holds
# the published GpuTrain (see README: "GPU variant"):  bash run.sh [timed steps]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
steps="${1:-20}"
log=$(mktemp)
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader || true
"$here/../GpuTrain/GpuTrain" --bench --steps "$steps" --cpu-steps 2 | tee -a "$log"
python3 "$here/pytorch_bench.py" --steps "$steps" | tee -a "$log"
python3 "$here/pytorch_bench.py" --steps "$steps" --fp32 | tee -a "$log"
python3 - "$log" <<'PY'
import sys, collections
rates = collections.defaultdict(dict)
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        _, who, config, cell, rate = line.split()
        rates[(config, cell)][who] = float(rate)
print()
print("PyTorch as shipped (TF32 allowed in cuDNN) and with TF32 off; ModelGen's products are FP32 (cuBLAS).")
print(f"{'config':8} {'cell':5} {'ModelGen GPU':>13} {'PyTorch':>10} {'ratio':>7} {'PyTorch FP32':>13} {'ratio':>7} {'ModelGen CPU':>13} {'GPU/CPU':>8}")
for (config, cell), r in rates.items():
    g, p, p32, c = r.get("modelgen-gpu"), r.get("pytorch-cuda"), r.get("pytorch-cuda-fp32"), r.get("modelgen-cpu")
    fmt = lambda v: f"{v:,.0f}" if v else "-"
    ratio = lambda a, b: f"{a / b:.2f}x" if a and b else "-"
    print(f"{config:8} {cell:5} {fmt(g):>13} {fmt(p):>10} {ratio(g, p):>7} {fmt(p32):>13} {ratio(g, p32):>7} {fmt(c):>13} {(f'{g / c:.1f}x' if g and c else '-'):>8}")
PY
