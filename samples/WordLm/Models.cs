using ModelGen;

namespace WordLm;

// One model per cell, all with the sizes of the "small" model of Zaremba et al. 2014 (2 layers of 200 units, no dropout),
// so the three cells are compared at the same width and the LSTM reproduces the paper's setup:
// - Vocab = 10000: PTB's vocabulary (9,998 words + <unk> + <eos>). The generated corpus uses a few hundred of these ids;
//   a larger vocabulary is refused with a message rather than silently capped.
// - Embedding = Hidden = 200, Layers = 2: the paper's small configuration, 4.65M parameters for the LSTM. On CPU the
//   10000-way softmax (2M multiply-adds per token, forward) costs more than the two recurrent layers together, so the
//   cheaper GRU and RNN cells run only a little faster; a larger hidden size would make PTB epochs take hours longer.

/// <summary>Word-level LSTM language model: Zaremba et al.'s small configuration.</summary>
[LstmModel(Vocab = 10000, Embedding = 200, Hidden = 200, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class WordLstm;

/// <summary>Word-level GRU language model, same sizes as <see cref="WordLstm"/>.</summary>
[GruModel(Vocab = 10000, Embedding = 200, Hidden = 200, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class WordGru;

/// <summary>Word-level Elman (tanh) RNN language model, same sizes as <see cref="WordLstm"/>.</summary>
[RnnModel(Vocab = 10000, Embedding = 200, Hidden = 200, Layers = 2, Head = Head.SoftmaxPerStep)]
public partial class WordRnn;
