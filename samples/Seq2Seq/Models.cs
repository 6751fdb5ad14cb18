using ModelGen;

namespace Seq2Seq;

// One encoder and one decoder per cell, all with the same sizes, so the three cells compare on equal terms.
// Why these sizes:
// - Vocab = 128: the generated tasks use 13 ids (<unk>, <bos>, <eos> and the letters a-j); 128 leaves room for the
//   characters of real sentence pairs (both cases, digits, punctuation, accented letters). Beyond that the rarest
//   characters read as <unk> (the run says how many); --words uses the word-level models below.
// - Embedding = 32, Hidden = 128, 1 layer: Hidden must hold the whole source string in the encoder's final state
//   (no attention), which for 8 letters of 10 is ~27 bits; 128 units do it comfortably, and a training step of a
//   32-pair batch stays around a millisecond on one CPU core, so the default run trains in about a minute.
// - The decoder has the same cell, Hidden and Layers as its encoder, so their states have the same layout and the
//   encoder's final state can start the decoder (and the decoder's state gradient can flow back into the encoder).
// - The encoder's head is unused: only its final state is read. A generated model always has a head, so the encoder
//   declares the smallest one, Head.LinearLast with Output = 1 (129 parameters that receive no gradient).

/// <summary>Elman RNN encoder: reads the source tokens; only its final state is used.</summary>
[RnnModel(Vocab = 128, Embedding = 32, Hidden = 128, Layers = 1, Head = Head.LinearLast, Output = 1)]
public partial class RnnEncoder;

/// <summary>Elman RNN decoder: starts from the encoder's final state, predicts the next target token at every step.</summary>
[RnnModel(Vocab = 128, Embedding = 32, Hidden = 128, Layers = 1, Head = Head.SoftmaxPerStep, Output = 128)]
public partial class RnnDecoder;

/// <summary>GRU encoder: reads the source tokens; only its final state is used.</summary>
[GruModel(Vocab = 128, Embedding = 32, Hidden = 128, Layers = 1, Head = Head.LinearLast, Output = 1)]
public partial class GruEncoder;

/// <summary>GRU decoder: starts from the encoder's final state, predicts the next target token at every step.</summary>
[GruModel(Vocab = 128, Embedding = 32, Hidden = 128, Layers = 1, Head = Head.SoftmaxPerStep, Output = 128)]
public partial class GruDecoder;

/// <summary>LSTM encoder: reads the source tokens; only its final state (h and c) is used.</summary>
[LstmModel(Vocab = 128, Embedding = 32, Hidden = 128, Layers = 1, Head = Head.LinearLast, Output = 1)]
public partial class LstmEncoder;

/// <summary>LSTM decoder: starts from the encoder's final state (h and c), predicts the next target token at every step.</summary>
[LstmModel(Vocab = 128, Embedding = 32, Hidden = 128, Layers = 1, Head = Head.SoftmaxPerStep, Output = 128)]
public partial class LstmDecoder;

// Word level (--words): real sentence pairs have thousands of distinct words. 8,192 ids keep the most frequent
// 8,189 words of the training pairs (the rest read as <unk>); embedding 128, hidden 256. Same encoder/decoder split.

[RnnModel(Vocab = 8192, Embedding = 128, Hidden = 256, Layers = 1, Head = Head.LinearLast, Output = 1)]
public partial class WordRnnEncoder;

[RnnModel(Vocab = 8192, Embedding = 128, Hidden = 256, Layers = 1, Head = Head.SoftmaxPerStep, Output = 8192)]
public partial class WordRnnDecoder;

[GruModel(Vocab = 8192, Embedding = 128, Hidden = 256, Layers = 1, Head = Head.LinearLast, Output = 1)]
public partial class WordGruEncoder;

[GruModel(Vocab = 8192, Embedding = 128, Hidden = 256, Layers = 1, Head = Head.SoftmaxPerStep, Output = 8192)]
public partial class WordGruDecoder;

[LstmModel(Vocab = 8192, Embedding = 128, Hidden = 256, Layers = 1, Head = Head.LinearLast, Output = 1)]
public partial class WordLstmEncoder;

[LstmModel(Vocab = 8192, Embedding = 128, Hidden = 256, Layers = 1, Head = Head.SoftmaxPerStep, Output = 8192)]
public partial class WordLstmDecoder;
