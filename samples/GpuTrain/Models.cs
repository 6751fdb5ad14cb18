using ModelGen;

namespace GpuTrain;

// The configurations of the GPU measurement (issue: char-lm and large), each cell, with the GPU variant emitted.
// The CPU model of the same class is what the GPU variant is compared with.

[LstmModel(Vocab = 65, Embedding = 64, Hidden = 512, Layers = 2, Gpu = true)]
public partial class CharLmLstm;

[GruModel(Vocab = 65, Embedding = 64, Hidden = 512, Layers = 2, Gpu = true)]
public partial class CharLmGru;

[RnnModel(Vocab = 65, Embedding = 64, Hidden = 512, Layers = 2, Gpu = true)]
public partial class CharLmRnn;

[LstmModel(Vocab = 256, Embedding = 256, Hidden = 1024, Layers = 2, Gpu = true)]
public partial class LargeLstm;

[GruModel(Vocab = 256, Embedding = 256, Hidden = 1024, Layers = 2, Gpu = true)]
public partial class LargeGru;

[RnnModel(Vocab = 256, Embedding = 256, Hidden = 1024, Layers = 2, Gpu = true)]
public partial class LargeRnn;

// Small enough for ILGPU's CPU accelerator: the smoke tests and a first run without a GPU.
[LstmModel(Vocab = 65, Embedding = 16, Hidden = 32, Layers = 2, Gpu = true)]
public partial class TinyLstm;

[GruModel(Vocab = 65, Embedding = 16, Hidden = 32, Layers = 2, Gpu = true)]
public partial class TinyGru;

[RnnModel(Vocab = 65, Embedding = 16, Hidden = 32, Layers = 2, Gpu = true)]
public partial class TinyRnn;
