#!/usr/bin/env python3
"""Independent check of ModelGen against real PyTorch.

The parity tests compare ModelGen with libtorch through TorchSharp. This script repeats the comparison with a
different build: PyTorch from Python. It reads the fixtures that the parity tests write (one safetensors file per
model: weights, inputs, initial state, targets, and what ModelGen computed: outputs, final states, loss and the
gradient of every parameter, of the initial state and of the input), rebuilds each model from torch.nn modules
(or, for peephole LSTMs, from their equations), runs it, and compares everything within the parity tolerance:
|ours - torch| <= 1e-5 * max(|ours|, |torch|) + 1e-6.

    MODELGEN_PYTORCH_FIXTURES=/tmp/fixtures dotnet test tests/ModelGen.Parity.Tests --filter "FullyQualifiedName~PyTorchFixture"
    python3 tests/parity/check_pytorch.py /tmp/fixtures

Needs torch and safetensors. Exit status 0 when every model agrees.
"""
import glob
import os
import sys

import torch
import torch.nn.functional as F
from safetensors import safe_open

RELATIVE, ABSOLUTE = 1e-5, 1e-6


def load(path):
    with safe_open(path, framework="pt") as f:
        return {k: f.get_tensor(k) for k in f.keys()}, f.metadata()


def peephole_forward(t, meta, x, h0, c0):
    layers = int(meta["layers"])
    hs, cs, inp = [], [], x
    for l in range(layers):
        h, c = h0[l], c0[l]
        p = lambda n: t[f"rnn.{n}_l{l}"]
        outs = []
        for s in range(inp.shape[1]):
            g = F.linear(inp[:, s], p("weight_ih"), p("bias_ih")) + F.linear(h, p("weight_hh"), p("bias_hh"))
            gi, gf, gg, go = g.chunk(4, 1)
            i = torch.sigmoid(gi + p("peephole_i") * c)
            f = torch.sigmoid(gf + p("peephole_f") * c)
            c = f * c + i * torch.tanh(gg)
            o = torch.sigmoid(go + p("peephole_o") * c)
            h = o * torch.tanh(c)
            outs.append(h)
        hs.append(h)
        cs.append(c)
        inp = torch.stack(outs, 1)
    return inp, torch.stack(hs), torch.stack(cs)


def check(path):
    t, meta = load(path)
    cell, layers = meta["cell"], int(meta["layers"])
    hidden, width = int(meta["hidden"]), int(meta["input"])
    bidirectional = meta["bidirectional"] == "1"
    head = meta["head"]
    params = {k: v.clone().requires_grad_() for k, v in t.items()
              if k.startswith(("embedding.", "rnn.", "head."))}
    h0 = t["state.h0"].clone().requires_grad_()
    c0 = t["state.c0"].clone().requires_grad_() if "state.c0" in t else None
    features = t["input.features"].clone().requires_grad_() if "input.features" in t else None
    x = F.embedding(t["input.tokens"], params["embedding.weight"]) if "input.tokens" in t else features

    if meta["peephole"] == "1":
        output, h_n, c_n = peephole_forward(params, meta, x, h0, c0)
    else:
        kwargs = dict(num_layers=layers, batch_first=True, bidirectional=bidirectional)
        if cell == "lstm":
            module = torch.nn.LSTM(width, hidden, **kwargs)
        elif cell == "gru":
            module = torch.nn.GRU(width, hidden, **kwargs)
        else:
            module = torch.nn.RNN(width, hidden, nonlinearity=meta["activation"], **kwargs)
        # Run the module functionally on the test's own tensors, so their gradients are the ones compared.
        weights = {n: params["rnn." + n] for n, _ in module.named_parameters()}
        state = (h0, c0) if cell == "lstm" else h0
        result = torch.func.functional_call(module, weights, (x, state))
        output, hidden_state = result
        h_n, c_n = hidden_state if cell == "lstm" else (hidden_state, None)

    if head in ("SoftmaxPerStep", "LinearPerStep"):
        head_input = output
    elif bidirectional:
        head_input = torch.cat([h_n[-2], h_n[-1]], 1)
    else:
        head_input = output[:, -1]
    logits = F.linear(head_input, params["head.weight"], params["head.bias"])
    out = logits.shape[-1]
    if head in ("SoftmaxPerStep", "SoftmaxLast"):
        loss = F.cross_entropy(logits.reshape(-1, out), t["target.labels"].reshape(-1))
    elif head == "SigmoidLast":
        loss = F.binary_cross_entropy_with_logits(logits, t["target.values"])
    else:
        loss = F.mse_loss(logits, t["target.values"])
    loss.backward()

    compared = [("outputs", t["expected.outputs"], logits), ("h_n", t["expected.h_n"], h_n),
                ("loss", t["expected.loss"], loss), ("grad h0", t["grad.h0"], h0.grad)]
    if c_n is not None:
        compared += [("c_n", t["expected.c_n"], c_n), ("grad c0", t["grad.c0"], c0.grad)]
    if features is not None:
        compared.append(("grad input", t["grad.input"], features.grad))
    for name, p in params.items():
        compared.append(("grad " + name, t["grad." + name], p.grad if p.grad is not None else torch.zeros_like(p)))

    failures = []
    for name, ours, theirs in compared:
        ours, theirs = ours.double(), theirs.detach().double().reshape(ours.shape)
        bad = (ours - theirs).abs() > RELATIVE * torch.maximum(ours.abs(), theirs.abs()) + ABSOLUTE
        if bad.any():
            k = int(bad.flatten().nonzero()[0])
            failures.append(f"{name}: {int(bad.sum())} elements differ, e.g. ModelGen {ours.flatten()[k]:.9g} vs PyTorch {theirs.flatten()[k]:.9g}")
    return len(compared), failures


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else os.environ.get("MODELGEN_PYTORCH_FIXTURES", "")
    paths = sorted(glob.glob(os.path.join(folder, "*.safetensors")))
    if not paths:
        sys.exit(f"no fixtures (*.safetensors) in '{folder}'; write them with the parity tests first (see this file's header)")
    torch.set_default_dtype(torch.float32)
    print(f"PyTorch {torch.__version__}: checking {len(paths)} ModelGen models")
    failed = 0
    tensors = 0
    for path in paths:
        count, failures = check(path)
        tensors += count
        if failures:
            failed += 1
            print(f"FAIL {os.path.basename(path)}")
            for f in failures[:10]:
                print("    " + f)
    print(f"{len(paths) - failed} models agree, {failed} disagree ({tensors} tensors compared, tolerance {RELATIVE} relative + {ABSOLUTE})")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
