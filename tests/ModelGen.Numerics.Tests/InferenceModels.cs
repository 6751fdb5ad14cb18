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

// Sizes of whole 512-bit vectors: Step's products keep x in registers and the cells run fused (CellStep).
[LstmModel(Input = 16, Hidden = 48, Layers = 2, Output = 32, Head = Head.LinearPerStep)]
public partial class VectorLstm;

[GruModel(Vocab = 7, Embedding = 32, Hidden = 64, Output = 5, Head = Head.SoftmaxPerStep)]
public partial class VectorGru;

[RnnModel(Input = 32, Hidden = 37, Output = 16, Head = Head.LinearPerStep)] // 37: two vectors of units and a tail
public partial class VectorRnn;
