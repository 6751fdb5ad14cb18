using ModelGen;

namespace TextClassification;

// One model per cell and direction, all the same sizes (sizes are compile-time constants: another size is another
// declaration). Why these sizes:
// - Output = 6: the most classes among the datasets of Kim 2014 (TREC has 6); binary SST, SST-5 and SMS spam use the
//   first 2 or 5 logits, the unused ones are trained towards never winning. A file with more classes is an error.
// - Vocab = 20000: the SST training sets have about 15-17k distinct lower-cased words and SMS spam about 8k, so every
//   word of these gets its own id; a larger vocabulary keeps the 19,999 most frequent words and maps the rest to <unk>.
// - Embedding = 128, Hidden = 128, one layer: the usual small sentence classifier (Tai et al. 2015 use 150-168 hidden
//   units for SST), small enough that an SST-2 epoch takes well under a minute on two CPU cores. The embedding table
//   holds 2.56M of the 2.7M parameters; the forward and backward passes touch only the rows of the batch's words,
//   but clearing the gradients and the Adam update run over the whole buffer every step (a few milliseconds).

/// <summary>Unidirectional Elman RNN sentence classifier: softmax on the last step's hidden state.</summary>
[RnnModel(Vocab = 20000, Embedding = 128, Hidden = 128, Output = 6, Head = Head.SoftmaxLast)]
public partial class RnnClassifier;

/// <summary>Unidirectional GRU sentence classifier: softmax on the last step's hidden state.</summary>
[GruModel(Vocab = 20000, Embedding = 128, Hidden = 128, Output = 6, Head = Head.SoftmaxLast)]
public partial class GruClassifier;

/// <summary>Unidirectional LSTM sentence classifier: softmax on the last step's hidden state.</summary>
[LstmModel(Vocab = 20000, Embedding = 128, Hidden = 128, Output = 6, Head = Head.SoftmaxLast)]
public partial class LstmClassifier;

/// <summary>Bidirectional Elman RNN sentence classifier: softmax on the final states of both directions.</summary>
[RnnModel(Vocab = 20000, Embedding = 128, Hidden = 128, Output = 6, Head = Head.SoftmaxLast, Bidirectional = true)]
public partial class BiRnnClassifier;

/// <summary>Bidirectional GRU sentence classifier: softmax on the final states of both directions.</summary>
[GruModel(Vocab = 20000, Embedding = 128, Hidden = 128, Output = 6, Head = Head.SoftmaxLast, Bidirectional = true)]
public partial class BiGruClassifier;

/// <summary>Bidirectional LSTM sentence classifier: softmax on the final states of both directions.</summary>
[LstmModel(Vocab = 20000, Embedding = 128, Hidden = 128, Output = 6, Head = Head.SoftmaxLast, Bidirectional = true)]
public partial class BiLstmClassifier;
