// Float models compared with libtorch: every cell × every head × 1, 2 and 3 layers.
// Feature input for 1 and 3 layers, token input for 2 layers, so every cell and head meets both inputs.
using ModelGen;

namespace ModelGen.Parity.Tests;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PRnnTanhSoftmaxPerStepL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PRnnTanhSoftmaxPerStepL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PRnnTanhSoftmaxPerStepL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SoftmaxLast)]
public partial class PRnnTanhSoftmaxLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SoftmaxLast)]
public partial class PRnnTanhSoftmaxLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SoftmaxLast)]
public partial class PRnnTanhSoftmaxLastL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.LinearPerStep)]
public partial class PRnnTanhLinearPerStepL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.LinearPerStep)]
public partial class PRnnTanhLinearPerStepL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.LinearPerStep)]
public partial class PRnnTanhLinearPerStepL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.LinearLast)]
public partial class PRnnTanhLinearLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.LinearLast)]
public partial class PRnnTanhLinearLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.LinearLast)]
public partial class PRnnTanhLinearLastL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SigmoidLast)]
public partial class PRnnTanhSigmoidLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SigmoidLast)]
public partial class PRnnTanhSigmoidLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SigmoidLast)]
public partial class PRnnTanhSigmoidLastL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PRnnReluSoftmaxPerStepL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PRnnReluSoftmaxPerStepL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PRnnReluSoftmaxPerStepL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast)]
public partial class PRnnReluSoftmaxLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast)]
public partial class PRnnReluSoftmaxLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast)]
public partial class PRnnReluSoftmaxLastL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep)]
public partial class PRnnReluLinearPerStepL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep)]
public partial class PRnnReluLinearPerStepL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep)]
public partial class PRnnReluLinearPerStepL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast)]
public partial class PRnnReluLinearLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast)]
public partial class PRnnReluLinearLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast)]
public partial class PRnnReluLinearLastL3;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast)]
public partial class PRnnReluSigmoidLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast)]
public partial class PRnnReluSigmoidLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 3, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast)]
public partial class PRnnReluSigmoidLastL3;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PGruSoftmaxPerStepL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PGruSoftmaxPerStepL2;

[GruModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PGruSoftmaxPerStepL3;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SoftmaxLast)]
public partial class PGruSoftmaxLastL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SoftmaxLast)]
public partial class PGruSoftmaxLastL2;

[GruModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SoftmaxLast)]
public partial class PGruSoftmaxLastL3;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.LinearPerStep)]
public partial class PGruLinearPerStepL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.LinearPerStep)]
public partial class PGruLinearPerStepL2;

[GruModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.LinearPerStep)]
public partial class PGruLinearPerStepL3;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.LinearLast)]
public partial class PGruLinearLastL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.LinearLast)]
public partial class PGruLinearLastL2;

[GruModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.LinearLast)]
public partial class PGruLinearLastL3;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SigmoidLast)]
public partial class PGruSigmoidLastL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SigmoidLast)]
public partial class PGruSigmoidLastL2;

[GruModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SigmoidLast)]
public partial class PGruSigmoidLastL3;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PLstmSoftmaxPerStepL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PLstmSoftmaxPerStepL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PLstmSoftmaxPerStepL3;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SoftmaxLast)]
public partial class PLstmSoftmaxLastL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SoftmaxLast)]
public partial class PLstmSoftmaxLastL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SoftmaxLast)]
public partial class PLstmSoftmaxLastL3;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.LinearPerStep)]
public partial class PLstmLinearPerStepL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.LinearPerStep)]
public partial class PLstmLinearPerStepL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.LinearPerStep)]
public partial class PLstmLinearPerStepL3;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.LinearLast)]
public partial class PLstmLinearLastL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.LinearLast)]
public partial class PLstmLinearLastL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.LinearLast)]
public partial class PLstmLinearLastL3;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Output = 3, Head = Head.SigmoidLast)]
public partial class PLstmSigmoidLastL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Output = 3, Head = Head.SigmoidLast)]
public partial class PLstmSigmoidLastL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 3, Output = 3, Head = Head.SigmoidLast)]
public partial class PLstmSigmoidLastL3;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Peephole = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PPeepholeSoftmaxPerStepL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Peephole = true, Output = 3, Head = Head.LinearLast)]
public partial class PPeepholeLinearLastL1;

[LstmModel(Input = 4, Hidden = 6, Layers = 3, Peephole = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PPeepholeSigmoidLastL3;

// Bidirectional: every cell × every head (the per-step softmax as a tagger) × 1 and 2 layers.
[RnnModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiRnnTanhSoftmaxPerStepL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiRnnTanhSoftmaxPerStepL2;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiRnnTanhSoftmaxLastL1;

[RnnModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiRnnTanhSoftmaxLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiRnnTanhLinearPerStepL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiRnnTanhLinearPerStepL2;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearLast)]
public partial class PBiRnnTanhLinearLastL1;

[RnnModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearLast)]
public partial class PBiRnnTanhLinearLastL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiRnnTanhSigmoidLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiRnnTanhSigmoidLastL2;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiRnnReluSoftmaxPerStepL1;

[RnnModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiRnnReluSoftmaxPerStepL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiRnnReluSoftmaxLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiRnnReluSoftmaxLastL2;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiRnnReluLinearPerStepL1;

[RnnModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiRnnReluLinearPerStepL2;

[RnnModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast)]
public partial class PBiRnnReluLinearLastL1;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast)]
public partial class PBiRnnReluLinearLastL2;

[RnnModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiRnnReluSigmoidLastL1;

[RnnModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiRnnReluSigmoidLastL2;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiGruSoftmaxPerStepL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiGruSoftmaxPerStepL2;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiGruSoftmaxLastL1;

[GruModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiGruSoftmaxLastL2;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiGruLinearPerStepL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiGruLinearPerStepL2;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearLast)]
public partial class PBiGruLinearLastL1;

[GruModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearLast)]
public partial class PBiGruLinearLastL2;

[GruModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiGruSigmoidLastL1;

[GruModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiGruSigmoidLastL2;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiLstmSoftmaxPerStepL1;

[LstmModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class PBiLstmSoftmaxPerStepL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiLstmSoftmaxLastL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast)]
public partial class PBiLstmSoftmaxLastL2;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiLstmLinearPerStepL1;

[LstmModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearPerStep)]
public partial class PBiLstmLinearPerStepL2;

[LstmModel(Input = 4, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearLast)]
public partial class PBiLstmLinearLastL1;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearLast)]
public partial class PBiLstmLinearLastL2;

[LstmModel(Vocab = 11, Embedding = 5, Hidden = 6, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiLstmSigmoidLastL1;

[LstmModel(Input = 4, Hidden = 6, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SigmoidLast)]
public partial class PBiLstmSigmoidLastL2;

internal static class ParityModels
{
    public static readonly System.Collections.Generic.Dictionary<string, System.Func<int, IRecurrentModel<float>>> All = new()
    {
        ["PRnnTanhSoftmaxPerStepL1"] = seed => new PRnnTanhSoftmaxPerStepL1(seed),
        ["PRnnTanhSoftmaxPerStepL2"] = seed => new PRnnTanhSoftmaxPerStepL2(seed),
        ["PRnnTanhSoftmaxPerStepL3"] = seed => new PRnnTanhSoftmaxPerStepL3(seed),
        ["PRnnTanhSoftmaxLastL1"] = seed => new PRnnTanhSoftmaxLastL1(seed),
        ["PRnnTanhSoftmaxLastL2"] = seed => new PRnnTanhSoftmaxLastL2(seed),
        ["PRnnTanhSoftmaxLastL3"] = seed => new PRnnTanhSoftmaxLastL3(seed),
        ["PRnnTanhLinearPerStepL1"] = seed => new PRnnTanhLinearPerStepL1(seed),
        ["PRnnTanhLinearPerStepL2"] = seed => new PRnnTanhLinearPerStepL2(seed),
        ["PRnnTanhLinearPerStepL3"] = seed => new PRnnTanhLinearPerStepL3(seed),
        ["PRnnTanhLinearLastL1"] = seed => new PRnnTanhLinearLastL1(seed),
        ["PRnnTanhLinearLastL2"] = seed => new PRnnTanhLinearLastL2(seed),
        ["PRnnTanhLinearLastL3"] = seed => new PRnnTanhLinearLastL3(seed),
        ["PRnnTanhSigmoidLastL1"] = seed => new PRnnTanhSigmoidLastL1(seed),
        ["PRnnTanhSigmoidLastL2"] = seed => new PRnnTanhSigmoidLastL2(seed),
        ["PRnnTanhSigmoidLastL3"] = seed => new PRnnTanhSigmoidLastL3(seed),
        ["PRnnReluSoftmaxPerStepL1"] = seed => new PRnnReluSoftmaxPerStepL1(seed),
        ["PRnnReluSoftmaxPerStepL2"] = seed => new PRnnReluSoftmaxPerStepL2(seed),
        ["PRnnReluSoftmaxPerStepL3"] = seed => new PRnnReluSoftmaxPerStepL3(seed),
        ["PRnnReluSoftmaxLastL1"] = seed => new PRnnReluSoftmaxLastL1(seed),
        ["PRnnReluSoftmaxLastL2"] = seed => new PRnnReluSoftmaxLastL2(seed),
        ["PRnnReluSoftmaxLastL3"] = seed => new PRnnReluSoftmaxLastL3(seed),
        ["PRnnReluLinearPerStepL1"] = seed => new PRnnReluLinearPerStepL1(seed),
        ["PRnnReluLinearPerStepL2"] = seed => new PRnnReluLinearPerStepL2(seed),
        ["PRnnReluLinearPerStepL3"] = seed => new PRnnReluLinearPerStepL3(seed),
        ["PRnnReluLinearLastL1"] = seed => new PRnnReluLinearLastL1(seed),
        ["PRnnReluLinearLastL2"] = seed => new PRnnReluLinearLastL2(seed),
        ["PRnnReluLinearLastL3"] = seed => new PRnnReluLinearLastL3(seed),
        ["PRnnReluSigmoidLastL1"] = seed => new PRnnReluSigmoidLastL1(seed),
        ["PRnnReluSigmoidLastL2"] = seed => new PRnnReluSigmoidLastL2(seed),
        ["PRnnReluSigmoidLastL3"] = seed => new PRnnReluSigmoidLastL3(seed),
        ["PGruSoftmaxPerStepL1"] = seed => new PGruSoftmaxPerStepL1(seed),
        ["PGruSoftmaxPerStepL2"] = seed => new PGruSoftmaxPerStepL2(seed),
        ["PGruSoftmaxPerStepL3"] = seed => new PGruSoftmaxPerStepL3(seed),
        ["PGruSoftmaxLastL1"] = seed => new PGruSoftmaxLastL1(seed),
        ["PGruSoftmaxLastL2"] = seed => new PGruSoftmaxLastL2(seed),
        ["PGruSoftmaxLastL3"] = seed => new PGruSoftmaxLastL3(seed),
        ["PGruLinearPerStepL1"] = seed => new PGruLinearPerStepL1(seed),
        ["PGruLinearPerStepL2"] = seed => new PGruLinearPerStepL2(seed),
        ["PGruLinearPerStepL3"] = seed => new PGruLinearPerStepL3(seed),
        ["PGruLinearLastL1"] = seed => new PGruLinearLastL1(seed),
        ["PGruLinearLastL2"] = seed => new PGruLinearLastL2(seed),
        ["PGruLinearLastL3"] = seed => new PGruLinearLastL3(seed),
        ["PGruSigmoidLastL1"] = seed => new PGruSigmoidLastL1(seed),
        ["PGruSigmoidLastL2"] = seed => new PGruSigmoidLastL2(seed),
        ["PGruSigmoidLastL3"] = seed => new PGruSigmoidLastL3(seed),
        ["PLstmSoftmaxPerStepL1"] = seed => new PLstmSoftmaxPerStepL1(seed),
        ["PLstmSoftmaxPerStepL2"] = seed => new PLstmSoftmaxPerStepL2(seed),
        ["PLstmSoftmaxPerStepL3"] = seed => new PLstmSoftmaxPerStepL3(seed),
        ["PLstmSoftmaxLastL1"] = seed => new PLstmSoftmaxLastL1(seed),
        ["PLstmSoftmaxLastL2"] = seed => new PLstmSoftmaxLastL2(seed),
        ["PLstmSoftmaxLastL3"] = seed => new PLstmSoftmaxLastL3(seed),
        ["PLstmLinearPerStepL1"] = seed => new PLstmLinearPerStepL1(seed),
        ["PLstmLinearPerStepL2"] = seed => new PLstmLinearPerStepL2(seed),
        ["PLstmLinearPerStepL3"] = seed => new PLstmLinearPerStepL3(seed),
        ["PLstmLinearLastL1"] = seed => new PLstmLinearLastL1(seed),
        ["PLstmLinearLastL2"] = seed => new PLstmLinearLastL2(seed),
        ["PLstmLinearLastL3"] = seed => new PLstmLinearLastL3(seed),
        ["PLstmSigmoidLastL1"] = seed => new PLstmSigmoidLastL1(seed),
        ["PLstmSigmoidLastL2"] = seed => new PLstmSigmoidLastL2(seed),
        ["PLstmSigmoidLastL3"] = seed => new PLstmSigmoidLastL3(seed),
        ["PPeepholeSoftmaxPerStepL2"] = seed => new PPeepholeSoftmaxPerStepL2(seed),
        ["PPeepholeLinearLastL1"] = seed => new PPeepholeLinearLastL1(seed),
        ["PPeepholeSigmoidLastL3"] = seed => new PPeepholeSigmoidLastL3(seed),
        ["PBiRnnTanhSoftmaxPerStepL1"] = seed => new PBiRnnTanhSoftmaxPerStepL1(seed),
        ["PBiRnnTanhSoftmaxPerStepL2"] = seed => new PBiRnnTanhSoftmaxPerStepL2(seed),
        ["PBiRnnTanhSoftmaxLastL1"] = seed => new PBiRnnTanhSoftmaxLastL1(seed),
        ["PBiRnnTanhSoftmaxLastL2"] = seed => new PBiRnnTanhSoftmaxLastL2(seed),
        ["PBiRnnTanhLinearPerStepL1"] = seed => new PBiRnnTanhLinearPerStepL1(seed),
        ["PBiRnnTanhLinearPerStepL2"] = seed => new PBiRnnTanhLinearPerStepL2(seed),
        ["PBiRnnTanhLinearLastL1"] = seed => new PBiRnnTanhLinearLastL1(seed),
        ["PBiRnnTanhLinearLastL2"] = seed => new PBiRnnTanhLinearLastL2(seed),
        ["PBiRnnTanhSigmoidLastL1"] = seed => new PBiRnnTanhSigmoidLastL1(seed),
        ["PBiRnnTanhSigmoidLastL2"] = seed => new PBiRnnTanhSigmoidLastL2(seed),
        ["PBiRnnReluSoftmaxPerStepL1"] = seed => new PBiRnnReluSoftmaxPerStepL1(seed),
        ["PBiRnnReluSoftmaxPerStepL2"] = seed => new PBiRnnReluSoftmaxPerStepL2(seed),
        ["PBiRnnReluSoftmaxLastL1"] = seed => new PBiRnnReluSoftmaxLastL1(seed),
        ["PBiRnnReluSoftmaxLastL2"] = seed => new PBiRnnReluSoftmaxLastL2(seed),
        ["PBiRnnReluLinearPerStepL1"] = seed => new PBiRnnReluLinearPerStepL1(seed),
        ["PBiRnnReluLinearPerStepL2"] = seed => new PBiRnnReluLinearPerStepL2(seed),
        ["PBiRnnReluLinearLastL1"] = seed => new PBiRnnReluLinearLastL1(seed),
        ["PBiRnnReluLinearLastL2"] = seed => new PBiRnnReluLinearLastL2(seed),
        ["PBiRnnReluSigmoidLastL1"] = seed => new PBiRnnReluSigmoidLastL1(seed),
        ["PBiRnnReluSigmoidLastL2"] = seed => new PBiRnnReluSigmoidLastL2(seed),
        ["PBiGruSoftmaxPerStepL1"] = seed => new PBiGruSoftmaxPerStepL1(seed),
        ["PBiGruSoftmaxPerStepL2"] = seed => new PBiGruSoftmaxPerStepL2(seed),
        ["PBiGruSoftmaxLastL1"] = seed => new PBiGruSoftmaxLastL1(seed),
        ["PBiGruSoftmaxLastL2"] = seed => new PBiGruSoftmaxLastL2(seed),
        ["PBiGruLinearPerStepL1"] = seed => new PBiGruLinearPerStepL1(seed),
        ["PBiGruLinearPerStepL2"] = seed => new PBiGruLinearPerStepL2(seed),
        ["PBiGruLinearLastL1"] = seed => new PBiGruLinearLastL1(seed),
        ["PBiGruLinearLastL2"] = seed => new PBiGruLinearLastL2(seed),
        ["PBiGruSigmoidLastL1"] = seed => new PBiGruSigmoidLastL1(seed),
        ["PBiGruSigmoidLastL2"] = seed => new PBiGruSigmoidLastL2(seed),
        ["PBiLstmSoftmaxPerStepL1"] = seed => new PBiLstmSoftmaxPerStepL1(seed),
        ["PBiLstmSoftmaxPerStepL2"] = seed => new PBiLstmSoftmaxPerStepL2(seed),
        ["PBiLstmSoftmaxLastL1"] = seed => new PBiLstmSoftmaxLastL1(seed),
        ["PBiLstmSoftmaxLastL2"] = seed => new PBiLstmSoftmaxLastL2(seed),
        ["PBiLstmLinearPerStepL1"] = seed => new PBiLstmLinearPerStepL1(seed),
        ["PBiLstmLinearPerStepL2"] = seed => new PBiLstmLinearPerStepL2(seed),
        ["PBiLstmLinearLastL1"] = seed => new PBiLstmLinearLastL1(seed),
        ["PBiLstmLinearLastL2"] = seed => new PBiLstmLinearLastL2(seed),
        ["PBiLstmSigmoidLastL1"] = seed => new PBiLstmSigmoidLastL1(seed),
        ["PBiLstmSigmoidLastL2"] = seed => new PBiLstmSigmoidLastL2(seed),
    };
}
