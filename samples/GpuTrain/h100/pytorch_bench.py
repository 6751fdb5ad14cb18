"""The peer of `GpuTrain --bench`: the same models and training step in PyTorch on CUDA (cuDNN's fused RNNs).

One step = embedding, nn.LSTM / nn.GRU / nn.RNN (2 layers, batch_first), linear head, cross-entropy, backward,
clip_grad_norm_(5), SGD(lr 0.01) step; random tokens; median of timed steps after warm-up, with the GPU synchronized
around each step (as GpuTrain's step ends with the loss on the host). Prints one "RESULT pytorch-cuda CONFIG CELL TOKENS_PER_S"
line per model. By default PyTorch runs as it ships (cuDNN may use TF32 tensor cores, matmul stays FP32), as a new
user would; --fp32 turns TF32 off everywhere, to compare FP32 with FP32 (ModelGen's cuBLAS products are FP32), and tags
its lines "pytorch-cuda-fp32".
"""
import argparse
import statistics
import time

import torch
import torch.nn as nn

CONFIGS = {
    # name: vocab, embedding, hidden, layers, batch, steps
    "char-lm": (65, 64, 512, 2, 32, 64),
    "large": (256, 256, 1024, 2, 64, 64),
}
CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


class Model(nn.Module):
    def __init__(self, cell, vocab, embedding, hidden, layers):
        super().__init__()
        self.embedding = nn.Embedding(vocab, embedding)
        self.rnn = CELLS[cell](embedding, hidden, layers, batch_first=True)
        self.head = nn.Linear(hidden, vocab)

    def forward(self, tokens):
        y, _ = self.rnn(self.embedding(tokens))
        return self.head(y)


def tokens_per_second(cell, config, timed, device):
    vocab, embedding, hidden, layers, batch, steps = CONFIGS[config]
    torch.manual_seed(1)
    model = Model(cell, vocab, embedding, hidden, layers).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
    tokens = torch.randint(vocab, (batch, steps), device=device)
    labels = torch.randint(vocab, (batch, steps), device=device)
    loss_fn = nn.CrossEntropyLoss()
    seconds = []
    for step in range(timed + 3):
        torch.cuda.synchronize()
        start = time.perf_counter()
        optimizer.zero_grad(set_to_none=False)
        loss = loss_fn(model(tokens).reshape(-1, vocab), labels.reshape(-1))
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 5.0)
        optimizer.step()
        loss.item()
        torch.cuda.synchronize()
        if step >= 3:
            seconds.append(time.perf_counter() - start)
    return batch * steps / statistics.median(seconds)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--fp32", action="store_true")
    args = parser.parse_args()
    if args.fp32:
        torch.backends.cudnn.allow_tf32 = False
        torch.backends.cuda.matmul.allow_tf32 = False
    tag = "pytorch-cuda-fp32" if args.fp32 else "pytorch-cuda"
    device = torch.device("cuda")
    print(f"PyTorch {torch.__version__}, cuDNN {torch.backends.cudnn.version()}, {torch.cuda.get_device_name(0)}, "
          f"TF32 in cuDNN {torch.backends.cudnn.allow_tf32}, in matmul {torch.backends.cuda.matmul.allow_tf32}")
    for config in CONFIGS:
        for cell in CELLS:
            rate = tokens_per_second(cell, config, args.steps, device)
            print(f"RESULT {tag} {config} {cell} {rate:.0f}", flush=True)


if __name__ == "__main__":
    main()
