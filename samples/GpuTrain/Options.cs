using System;
using System.Globalization;

namespace GpuTrain;

/// <summary>A bad command line, with a message that says what to fix.</summary>
internal sealed class OptionsException(string message) : Exception(message);

/// <summary>The command line of GpuTrain.</summary>
internal sealed class Options
{
    public const string Usage = """
        GpuTrain: trains the GPU variant of a generated model (Gpu = true) with the ordinary Trainer, or measures it.

        Usage: GpuTrain [options]
          --device best|cuda|cpu   where to run: the first CUDA GPU, else ILGPU's CPU accelerator (best, default),
                                   a CUDA GPU or fail (cuda), or the CPU accelerator (cpu)
          --config NAME            char-lm (V=65 E=64 H=512 L=2, B=32 T=64), large (V=256 E=256 H=1024 L=2, B=64 T=64)
                                   or tiny (V=65 E=16 H=32 L=2, B=8 T=16); default char-lm, tiny on the CPU accelerator
          --cell lstm|gru|rnn|all  the cell (default lstm; all in --bench)
          --steps N                training steps (default 200), or timed steps per model in --bench (default 20)
          --data FILE              training text (default: a generated play-like corpus)
          --lr X                   Adam's learning rate (default 0.002)
          --seed N                 initialization and data seed (default 1)
          --bench                  measure training tokens/s of the GPU variant and of the same model on the CPU
          --cpu-steps N            timed CPU steps per model in --bench (default 3; 0 skips the CPU)
          --help                   this text
        """;

    public string Device { get; private set; } = "best";
    public string? Config { get; private set; }
    public string Cell { get; private set; } = "";
    public int Steps { get; private set; } = -1;
    public string? Data { get; private set; }
    public double LearningRate { get; private set; } = 0.002;
    public int Seed { get; private set; } = 1;
    public bool Bench { get; private set; }
    public int CpuSteps { get; private set; } = 3;
    public bool Help { get; private set; }

    public static Options Parse(string[] args)
    {
        var o = new Options();
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            string Value() => i + 1 < args.Length ? args[++i] : throw new OptionsException($"{a} needs a value.");
            int Int(int min)
            {
                string v = Value();
                if (!int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < min)
                    throw new OptionsException($"{a} must be an integer of at least {min}; got '{v}'.");
                return n;
            }
            string Choice(params string[] allowed)
            {
                string v = Value();
                return Array.IndexOf(allowed, v) >= 0 ? v : throw new OptionsException($"{a} must be one of {string.Join(", ", allowed)}; got '{v}'.");
            }
            switch (a)
            {
                case "--device": o.Device = Choice("best", "cuda", "cpu"); break;
                case "--config": o.Config = Choice("char-lm", "large", "tiny"); break;
                case "--cell": o.Cell = Choice("lstm", "gru", "rnn", "all"); break;
                case "--steps": o.Steps = Int(1); break;
                case "--data": o.Data = Value(); break;
                case "--lr":
                    string lr = Value();
                    if (!double.TryParse(lr, NumberStyles.Float, CultureInfo.InvariantCulture, out double rate) || !(rate > 0) || double.IsInfinity(rate))
                        throw new OptionsException($"--lr must be a positive number; got '{lr}'.");
                    o.LearningRate = rate;
                    break;
                case "--seed": o.Seed = Int(0); break;
                case "--bench": o.Bench = true; break;
                case "--cpu-steps": o.CpuSteps = Int(0); break;
                case "--help" or "-h": o.Help = true; break;
                default: throw new OptionsException($"Unknown option '{a}'.");
            }
        }
        if (o.Cell == "") o.Cell = o.Bench ? "all" : "lstm";
        if (o.Cell == "all" && !o.Bench) throw new OptionsException("--cell all is for --bench; train one cell at a time (lstm, gru or rnn).");
        if (o.Steps < 0) o.Steps = o.Bench ? 20 : 200;
        return o;
    }
}
