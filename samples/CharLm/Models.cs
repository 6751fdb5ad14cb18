using ModelGen;

namespace CharLm;

// One model per cell, same sizes. Sizes are compile-time constants: another size is another declaration.
// Vocab = 96: the tokenizer keeps the 95 most frequent characters of the text and maps the rest to <unk> (id 0).

/// <summary>Character-level LSTM language model, declared by a spec file: specs/char-lstm.json.</summary>
[ModelSpec("char-lstm")]
public partial class CharLstm;

/// <summary>Character-level GRU language model.</summary>
[GruModel(Vocab = 96, Embedding = 32, Hidden = 128, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class CharGru;

/// <summary>Character-level Elman RNN language model.</summary>
[RnnModel(Vocab = 96, Embedding = 32, Hidden = 128, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class CharRnn;
