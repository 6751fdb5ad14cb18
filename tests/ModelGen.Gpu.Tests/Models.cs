using ModelGen;

namespace ModelGen.Gpu.Tests;

// Every cell, head, input kind and option the GPU variant has, each small enough for ILGPU's CPU accelerator.

[LstmModel(Vocab = 11, Embedding = 6, Hidden = 8, Layers = 2, Gpu = true)]
public partial class GpuLstmLm;

[GruModel(Vocab = 9, Embedding = 5, Hidden = 7, Layers = 3, Dropout = 0.3f, Gpu = true)]
public partial class GpuGruLmDropout;

[RnnModel(Input = 3, Hidden = 6, Head = Head.LinearPerStep, Output = 2, Gpu = true)]
public partial class GpuRnnRegressor;

[RnnModel(Input = 4, Hidden = 5, Layers = 2, Activation = Activation.Relu, Head = Head.LinearLast, Output = 3, Gpu = true)]
public partial class GpuReluForecaster;

[LstmModel(Input = 4, Hidden = 5, Peephole = true, Head = Head.SigmoidLast, Output = 2, Gpu = true)]
public partial class GpuPeepholeTagger;

[GruModel(Vocab = 10, Embedding = 4, Hidden = 6, Layers = 2, Bidirectional = true, Head = Head.SoftmaxLast, Output = 3, Gpu = true)]
public partial class GpuBiGruClassifier;

[LstmModel(Input = 3, Hidden = 4, Bidirectional = true, Head = Head.SoftmaxPerStep, Output = 4, Gpu = true)]
public partial class GpuBiLstmTagger;

[ModelSpec("gpu-mixed")]
public partial class GpuMixed;
