using ModelGen;

namespace ModelGen.Numerics.Tests;

// Float models for the inference and allocation tests.
[LstmModel(Vocab = 11, Embedding = 8, Hidden = 16, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class TinyCharLstm;

[GruModel(Input = 3, Hidden = 12, Layers = 2, Output = 2, Head = Head.LinearPerStep, Dropout = 0.2f)]
public partial class TinyGruRegressor;

[RnnModel(Input = 4, Hidden = 9, Output = 3, Head = Head.SoftmaxPerStep)]
public partial class TinyRnnTagger;

[LstmModel(Input = 2, Hidden = 10, Peephole = true, Output = 2, Head = Head.LinearPerStep)]
public partial class TinyPeepholeLstm;
