// Models for the gradient checks: every cell × every head × 1 and 2 layers, in double precision,
// plus bidirectional and dropout variants. Sizes are small so finite differences over every parameter stay fast.
using ModelGen;

namespace ModelGen.Numerics.Tests;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 1, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcRnnTanhSoftmaxPerStepL1;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcRnnTanhSoftmaxPerStepL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcRnnTanhSoftmaxLastL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcRnnTanhSoftmaxLastL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcRnnTanhLinearPerStepL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcRnnTanhLinearPerStepL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcRnnTanhLinearLastL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcRnnTanhLinearLastL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcRnnTanhSigmoidLastL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcRnnTanhSigmoidLastL2;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 1, Activation = Activation.Relu, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcRnnReluSoftmaxPerStepL1;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Activation = Activation.Relu, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcRnnReluSoftmaxPerStepL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcRnnReluSoftmaxLastL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcRnnReluSoftmaxLastL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcRnnReluLinearPerStepL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcRnnReluLinearPerStepL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcRnnReluLinearLastL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcRnnReluLinearLastL2;

[RnnModel(Input = 3, Hidden = 4, Layers = 1, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcRnnReluSigmoidLastL1;

[RnnModel(Input = 3, Hidden = 4, Layers = 2, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcRnnReluSigmoidLastL2;

[GruModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 1, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcGruSoftmaxPerStepL1;

[GruModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcGruSoftmaxPerStepL2;

[GruModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcGruSoftmaxLastL1;

[GruModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcGruSoftmaxLastL2;

[GruModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcGruLinearPerStepL1;

[GruModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcGruLinearPerStepL2;

[GruModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcGruLinearLastL1;

[GruModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcGruLinearLastL2;

[GruModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcGruSigmoidLastL1;

[GruModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcGruSigmoidLastL2;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 1, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcLstmSoftmaxPerStepL1;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcLstmSoftmaxPerStepL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcLstmSoftmaxLastL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcLstmSoftmaxLastL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcLstmLinearPerStepL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcLstmLinearPerStepL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcLstmLinearLastL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcLstmLinearLastL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcLstmSigmoidLastL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcLstmSigmoidLastL2;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 1, Peephole = true, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcPeepholeSoftmaxPerStepL1;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Peephole = true, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcPeepholeSoftmaxPerStepL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Peephole = true, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcPeepholeSoftmaxLastL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Peephole = true, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcPeepholeSoftmaxLastL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Peephole = true, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcPeepholeLinearPerStepL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Peephole = true, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcPeepholeLinearPerStepL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Peephole = true, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcPeepholeLinearLastL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Peephole = true, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcPeepholeLinearLastL2;

[LstmModel(Input = 3, Hidden = 4, Layers = 1, Peephole = true, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcPeepholeSigmoidLastL1;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Peephole = true, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcPeepholeSigmoidLastL2;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcLstmTokensSoftmaxLast;

[GruModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 1, Output = 2, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcGruTokensLinearPerStep;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 3, Dropout = 0.3f, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcRnnDropout;

[GruModel(Input = 3, Hidden = 4, Layers = 2, Dropout = 0.3f, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcGruDropout;

[LstmModel(Input = 3, Hidden = 4, Layers = 2, Dropout = 0.5f, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcLstmDropout;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 4, Layers = 2, Peephole = true, Dropout = 0.3f, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcPeepholeDropout;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcBiRnnTanhSoftmaxPerStepL1;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcBiRnnTanhSoftmaxLastL2;

[RnnModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcBiRnnTanhLinearPerStepL1;

[RnnModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcBiRnnTanhLinearLastL2;

[RnnModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcBiRnnTanhSigmoidLastL1;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcBiRnnReluSoftmaxPerStepL2;

[RnnModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcBiRnnReluSoftmaxLastL1;

[RnnModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcBiRnnReluLinearPerStepL2;

[RnnModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcBiRnnReluLinearLastL1;

[RnnModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Activation = Activation.Relu, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcBiRnnReluSigmoidLastL2;

[GruModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcBiGruSoftmaxPerStepL1;

[GruModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcBiGruSoftmaxLastL2;

[GruModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcBiGruLinearPerStepL1;

[GruModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcBiGruLinearLastL2;

[GruModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcBiGruSigmoidLastL1;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcBiLstmSoftmaxPerStepL2;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcBiLstmSoftmaxLastL1;

[LstmModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcBiLstmLinearPerStepL2;

[LstmModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcBiLstmLinearLastL1;

[LstmModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcBiLstmSigmoidLastL2;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 1, Bidirectional = true, Peephole = true, Output = 3, Head = Head.SoftmaxPerStep, ElementType = ElementType.Double)]
public partial class GcBiPeepholeSoftmaxPerStepL1;

[LstmModel(Vocab = 5, Embedding = 3, Hidden = 3, Layers = 2, Bidirectional = true, Peephole = true, Output = 3, Head = Head.SoftmaxLast, ElementType = ElementType.Double)]
public partial class GcBiPeepholeSoftmaxLastL2;

[LstmModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Peephole = true, Output = 3, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcBiPeepholeLinearPerStepL1;

[LstmModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Peephole = true, Output = 3, Head = Head.LinearLast, ElementType = ElementType.Double)]
public partial class GcBiPeepholeLinearLastL2;

[LstmModel(Input = 3, Hidden = 3, Layers = 1, Bidirectional = true, Peephole = true, Output = 3, Head = Head.SigmoidLast, ElementType = ElementType.Double)]
public partial class GcBiPeepholeSigmoidLastL1;

[LstmModel(Input = 3, Hidden = 3, Layers = 2, Bidirectional = true, Dropout = 0.4f, Output = 2, Head = Head.LinearPerStep, ElementType = ElementType.Double)]
public partial class GcBiLstmDropout;

internal static class GradientCheckModels
{
    public static readonly System.Collections.Generic.Dictionary<string, System.Func<int, IRecurrentModel<double>>> All = new()
    {
        ["GcRnnTanhSoftmaxPerStepL1"] = seed => new GcRnnTanhSoftmaxPerStepL1(seed),
        ["GcRnnTanhSoftmaxPerStepL2"] = seed => new GcRnnTanhSoftmaxPerStepL2(seed),
        ["GcRnnTanhSoftmaxLastL1"] = seed => new GcRnnTanhSoftmaxLastL1(seed),
        ["GcRnnTanhSoftmaxLastL2"] = seed => new GcRnnTanhSoftmaxLastL2(seed),
        ["GcRnnTanhLinearPerStepL1"] = seed => new GcRnnTanhLinearPerStepL1(seed),
        ["GcRnnTanhLinearPerStepL2"] = seed => new GcRnnTanhLinearPerStepL2(seed),
        ["GcRnnTanhLinearLastL1"] = seed => new GcRnnTanhLinearLastL1(seed),
        ["GcRnnTanhLinearLastL2"] = seed => new GcRnnTanhLinearLastL2(seed),
        ["GcRnnTanhSigmoidLastL1"] = seed => new GcRnnTanhSigmoidLastL1(seed),
        ["GcRnnTanhSigmoidLastL2"] = seed => new GcRnnTanhSigmoidLastL2(seed),
        ["GcRnnReluSoftmaxPerStepL1"] = seed => new GcRnnReluSoftmaxPerStepL1(seed),
        ["GcRnnReluSoftmaxPerStepL2"] = seed => new GcRnnReluSoftmaxPerStepL2(seed),
        ["GcRnnReluSoftmaxLastL1"] = seed => new GcRnnReluSoftmaxLastL1(seed),
        ["GcRnnReluSoftmaxLastL2"] = seed => new GcRnnReluSoftmaxLastL2(seed),
        ["GcRnnReluLinearPerStepL1"] = seed => new GcRnnReluLinearPerStepL1(seed),
        ["GcRnnReluLinearPerStepL2"] = seed => new GcRnnReluLinearPerStepL2(seed),
        ["GcRnnReluLinearLastL1"] = seed => new GcRnnReluLinearLastL1(seed),
        ["GcRnnReluLinearLastL2"] = seed => new GcRnnReluLinearLastL2(seed),
        ["GcRnnReluSigmoidLastL1"] = seed => new GcRnnReluSigmoidLastL1(seed),
        ["GcRnnReluSigmoidLastL2"] = seed => new GcRnnReluSigmoidLastL2(seed),
        ["GcGruSoftmaxPerStepL1"] = seed => new GcGruSoftmaxPerStepL1(seed),
        ["GcGruSoftmaxPerStepL2"] = seed => new GcGruSoftmaxPerStepL2(seed),
        ["GcGruSoftmaxLastL1"] = seed => new GcGruSoftmaxLastL1(seed),
        ["GcGruSoftmaxLastL2"] = seed => new GcGruSoftmaxLastL2(seed),
        ["GcGruLinearPerStepL1"] = seed => new GcGruLinearPerStepL1(seed),
        ["GcGruLinearPerStepL2"] = seed => new GcGruLinearPerStepL2(seed),
        ["GcGruLinearLastL1"] = seed => new GcGruLinearLastL1(seed),
        ["GcGruLinearLastL2"] = seed => new GcGruLinearLastL2(seed),
        ["GcGruSigmoidLastL1"] = seed => new GcGruSigmoidLastL1(seed),
        ["GcGruSigmoidLastL2"] = seed => new GcGruSigmoidLastL2(seed),
        ["GcLstmSoftmaxPerStepL1"] = seed => new GcLstmSoftmaxPerStepL1(seed),
        ["GcLstmSoftmaxPerStepL2"] = seed => new GcLstmSoftmaxPerStepL2(seed),
        ["GcLstmSoftmaxLastL1"] = seed => new GcLstmSoftmaxLastL1(seed),
        ["GcLstmSoftmaxLastL2"] = seed => new GcLstmSoftmaxLastL2(seed),
        ["GcLstmLinearPerStepL1"] = seed => new GcLstmLinearPerStepL1(seed),
        ["GcLstmLinearPerStepL2"] = seed => new GcLstmLinearPerStepL2(seed),
        ["GcLstmLinearLastL1"] = seed => new GcLstmLinearLastL1(seed),
        ["GcLstmLinearLastL2"] = seed => new GcLstmLinearLastL2(seed),
        ["GcLstmSigmoidLastL1"] = seed => new GcLstmSigmoidLastL1(seed),
        ["GcLstmSigmoidLastL2"] = seed => new GcLstmSigmoidLastL2(seed),
        ["GcPeepholeSoftmaxPerStepL1"] = seed => new GcPeepholeSoftmaxPerStepL1(seed),
        ["GcPeepholeSoftmaxPerStepL2"] = seed => new GcPeepholeSoftmaxPerStepL2(seed),
        ["GcPeepholeSoftmaxLastL1"] = seed => new GcPeepholeSoftmaxLastL1(seed),
        ["GcPeepholeSoftmaxLastL2"] = seed => new GcPeepholeSoftmaxLastL2(seed),
        ["GcPeepholeLinearPerStepL1"] = seed => new GcPeepholeLinearPerStepL1(seed),
        ["GcPeepholeLinearPerStepL2"] = seed => new GcPeepholeLinearPerStepL2(seed),
        ["GcPeepholeLinearLastL1"] = seed => new GcPeepholeLinearLastL1(seed),
        ["GcPeepholeLinearLastL2"] = seed => new GcPeepholeLinearLastL2(seed),
        ["GcPeepholeSigmoidLastL1"] = seed => new GcPeepholeSigmoidLastL1(seed),
        ["GcPeepholeSigmoidLastL2"] = seed => new GcPeepholeSigmoidLastL2(seed),
        ["GcLstmTokensSoftmaxLast"] = seed => new GcLstmTokensSoftmaxLast(seed),
        ["GcGruTokensLinearPerStep"] = seed => new GcGruTokensLinearPerStep(seed),
        ["GcRnnDropout"] = seed => new GcRnnDropout(seed),
        ["GcGruDropout"] = seed => new GcGruDropout(seed),
        ["GcLstmDropout"] = seed => new GcLstmDropout(seed),
        ["GcPeepholeDropout"] = seed => new GcPeepholeDropout(seed),
        ["GcBiRnnTanhSoftmaxPerStepL1"] = seed => new GcBiRnnTanhSoftmaxPerStepL1(seed),
        ["GcBiRnnTanhSoftmaxLastL2"] = seed => new GcBiRnnTanhSoftmaxLastL2(seed),
        ["GcBiRnnTanhLinearPerStepL1"] = seed => new GcBiRnnTanhLinearPerStepL1(seed),
        ["GcBiRnnTanhLinearLastL2"] = seed => new GcBiRnnTanhLinearLastL2(seed),
        ["GcBiRnnTanhSigmoidLastL1"] = seed => new GcBiRnnTanhSigmoidLastL1(seed),
        ["GcBiRnnReluSoftmaxPerStepL2"] = seed => new GcBiRnnReluSoftmaxPerStepL2(seed),
        ["GcBiRnnReluSoftmaxLastL1"] = seed => new GcBiRnnReluSoftmaxLastL1(seed),
        ["GcBiRnnReluLinearPerStepL2"] = seed => new GcBiRnnReluLinearPerStepL2(seed),
        ["GcBiRnnReluLinearLastL1"] = seed => new GcBiRnnReluLinearLastL1(seed),
        ["GcBiRnnReluSigmoidLastL2"] = seed => new GcBiRnnReluSigmoidLastL2(seed),
        ["GcBiGruSoftmaxPerStepL1"] = seed => new GcBiGruSoftmaxPerStepL1(seed),
        ["GcBiGruSoftmaxLastL2"] = seed => new GcBiGruSoftmaxLastL2(seed),
        ["GcBiGruLinearPerStepL1"] = seed => new GcBiGruLinearPerStepL1(seed),
        ["GcBiGruLinearLastL2"] = seed => new GcBiGruLinearLastL2(seed),
        ["GcBiGruSigmoidLastL1"] = seed => new GcBiGruSigmoidLastL1(seed),
        ["GcBiLstmSoftmaxPerStepL2"] = seed => new GcBiLstmSoftmaxPerStepL2(seed),
        ["GcBiLstmSoftmaxLastL1"] = seed => new GcBiLstmSoftmaxLastL1(seed),
        ["GcBiLstmLinearPerStepL2"] = seed => new GcBiLstmLinearPerStepL2(seed),
        ["GcBiLstmLinearLastL1"] = seed => new GcBiLstmLinearLastL1(seed),
        ["GcBiLstmSigmoidLastL2"] = seed => new GcBiLstmSigmoidLastL2(seed),
        ["GcBiPeepholeSoftmaxPerStepL1"] = seed => new GcBiPeepholeSoftmaxPerStepL1(seed),
        ["GcBiPeepholeSoftmaxLastL2"] = seed => new GcBiPeepholeSoftmaxLastL2(seed),
        ["GcBiPeepholeLinearPerStepL1"] = seed => new GcBiPeepholeLinearPerStepL1(seed),
        ["GcBiPeepholeLinearLastL2"] = seed => new GcBiPeepholeLinearLastL2(seed),
        ["GcBiPeepholeSigmoidLastL1"] = seed => new GcBiPeepholeSigmoidLastL1(seed),
        ["GcBiLstmDropout"] = seed => new GcBiLstmDropout(seed),
    };
}
