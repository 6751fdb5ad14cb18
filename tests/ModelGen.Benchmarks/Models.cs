// The benchmark configurations of issue 5: (vocab, embedding, hidden, layers) per config and cell; batch and steps are set at run time.
using ModelGen;

namespace ModelGen.Benchmarks;

[LstmModel(Vocab = 65, Embedding = 64, Hidden = 512, Layers = 2)] public partial class CharLmLstm;
[GruModel(Vocab = 65, Embedding = 64, Hidden = 512, Layers = 2)] public partial class CharLmGru;
[RnnModel(Vocab = 65, Embedding = 64, Hidden = 512, Layers = 2)] public partial class CharLmRnn;
[LstmModel(Vocab = 65, Embedding = 32, Hidden = 128, Layers = 1)] public partial class SmallLstm;
[GruModel(Vocab = 65, Embedding = 32, Hidden = 128, Layers = 1)] public partial class SmallGru;
[RnnModel(Vocab = 65, Embedding = 32, Hidden = 128, Layers = 1)] public partial class SmallRnn;
[LstmModel(Vocab = 10000, Embedding = 200, Hidden = 200, Layers = 2)] public partial class WordLmLstm;
[GruModel(Vocab = 10000, Embedding = 200, Hidden = 200, Layers = 2)] public partial class WordLmGru;
[RnnModel(Vocab = 10000, Embedding = 200, Hidden = 200, Layers = 2)] public partial class WordLmRnn;
[LstmModel(Vocab = 256, Embedding = 256, Hidden = 1024, Layers = 2)] public partial class LargeLstm;
[GruModel(Vocab = 256, Embedding = 256, Hidden = 1024, Layers = 2)] public partial class LargeGru;
[RnnModel(Vocab = 256, Embedding = 256, Hidden = 1024, Layers = 2)] public partial class LargeRnn;

// Streaming inference: one layer, input size = hidden size, linear head of the same width.
[LstmModel(Input = 16, Hidden = 16, Output = 16, Head = Head.LinearPerStep)] public partial class StreamLstm16;
[GruModel(Input = 16, Hidden = 16, Output = 16, Head = Head.LinearPerStep)] public partial class StreamGru16;
[RnnModel(Input = 16, Hidden = 16, Output = 16, Head = Head.LinearPerStep)] public partial class StreamRnn16;
[LstmModel(Input = 32, Hidden = 32, Output = 32, Head = Head.LinearPerStep)] public partial class StreamLstm32;
[GruModel(Input = 32, Hidden = 32, Output = 32, Head = Head.LinearPerStep)] public partial class StreamGru32;
[RnnModel(Input = 32, Hidden = 32, Output = 32, Head = Head.LinearPerStep)] public partial class StreamRnn32;
[LstmModel(Input = 64, Hidden = 64, Output = 64, Head = Head.LinearPerStep)] public partial class StreamLstm64;
[GruModel(Input = 64, Hidden = 64, Output = 64, Head = Head.LinearPerStep)] public partial class StreamGru64;
[RnnModel(Input = 64, Hidden = 64, Output = 64, Head = Head.LinearPerStep)] public partial class StreamRnn64;
[LstmModel(Input = 128, Hidden = 128, Output = 128, Head = Head.LinearPerStep)] public partial class StreamLstm128;
[GruModel(Input = 128, Hidden = 128, Output = 128, Head = Head.LinearPerStep)] public partial class StreamGru128;
[RnnModel(Input = 128, Hidden = 128, Output = 128, Head = Head.LinearPerStep)] public partial class StreamRnn128;
[LstmModel(Input = 512, Hidden = 512, Output = 512, Head = Head.LinearPerStep)] public partial class StreamLstm512;
[GruModel(Input = 512, Hidden = 512, Output = 512, Head = Head.LinearPerStep)] public partial class StreamGru512;
[RnnModel(Input = 512, Hidden = 512, Output = 512, Head = Head.LinearPerStep)] public partial class StreamRnn512;

internal static class Configs
{
    public sealed record Config(string Name, string Cell, int Vocab, int Embedding, int Hidden, int Layers, int Batch, int Steps, System.Func<IRecurrentModel<float>> Create);
    public static readonly Config[] Training =
    {
        new("char-lm", "LSTM", 65, 64, 512, 2, 32, 64, () => new CharLmLstm(1)),
        new("char-lm", "GRU", 65, 64, 512, 2, 32, 64, () => new CharLmGru(1)),
        new("char-lm", "RNN", 65, 64, 512, 2, 32, 64, () => new CharLmRnn(1)),
        new("small", "LSTM", 65, 32, 128, 1, 16, 32, () => new SmallLstm(1)),
        new("small", "GRU", 65, 32, 128, 1, 16, 32, () => new SmallGru(1)),
        new("small", "RNN", 65, 32, 128, 1, 16, 32, () => new SmallRnn(1)),
        new("word-lm", "LSTM", 10000, 200, 200, 2, 20, 20, () => new WordLmLstm(1)),
        new("word-lm", "GRU", 10000, 200, 200, 2, 20, 20, () => new WordLmGru(1)),
        new("word-lm", "RNN", 10000, 200, 200, 2, 20, 20, () => new WordLmRnn(1)),
        new("large", "LSTM", 256, 256, 1024, 2, 64, 64, () => new LargeLstm(1)),
        new("large", "GRU", 256, 256, 1024, 2, 64, 64, () => new LargeGru(1)),
        new("large", "RNN", 256, 256, 1024, 2, 64, 64, () => new LargeRnn(1)),
    };
    public static readonly (string Cell, int Hidden, System.Func<IRecurrentModel<float>> Create)[] Streaming =
    {
        ("LSTM", 16, () => new StreamLstm16(1)),
        ("GRU", 16, () => new StreamGru16(1)),
        ("RNN", 16, () => new StreamRnn16(1)),
        ("LSTM", 32, () => new StreamLstm32(1)),
        ("GRU", 32, () => new StreamGru32(1)),
        ("RNN", 32, () => new StreamRnn32(1)),
        ("LSTM", 64, () => new StreamLstm64(1)),
        ("GRU", 64, () => new StreamGru64(1)),
        ("RNN", 64, () => new StreamRnn64(1)),
        ("LSTM", 128, () => new StreamLstm128(1)),
        ("GRU", 128, () => new StreamGru128(1)),
        ("RNN", 128, () => new StreamRnn128(1)),
        ("LSTM", 512, () => new StreamLstm512(1)),
        ("GRU", 512, () => new StreamGru512(1)),
        ("RNN", 512, () => new StreamRnn512(1)),
    };
}
