using ModelGen;

namespace Compare;

// One model per task and cell. Within a task the three cells have matched parameter budgets (within 2%): the LSTM's
// hidden size is chosen, and the GRU and RNN get the hidden size whose parameter count is nearest to the LSTM's, as in
// the comparisons of Jozefowicz et al. 2015 and Chung et al. 2014. A gated cell has 3 (GRU) or 4 (LSTM) times the
// recurrent weights of an Elman RNN per hidden unit, so the RNN gets the widest layer. ModelsTests checks the budgets.

// charlm: characters (96 ids: the 95 most frequent characters and <unk>), embedding 32, one layer, softmax per step.
// About 98k parameters each.

/// <summary>Character language model, Elman RNN, 250 units.</summary>
[RnnModel(Vocab = 96, Embedding = 32, Hidden = 250, Head = Head.SoftmaxPerStep)]
public partial class CharRnn;

/// <summary>Character language model, GRU, 148 units.</summary>
[GruModel(Vocab = 96, Embedding = 32, Hidden = 148, Head = Head.SoftmaxPerStep)]
public partial class CharGru;

/// <summary>Character language model, LSTM, 128 units.</summary>
[LstmModel(Vocab = 96, Embedding = 32, Hidden = 128, Head = Head.SoftmaxPerStep)]
public partial class CharLstm;

// adding: two features per step (a value and a marker), one linear output on the last step (the scaled sum of the
// two marked values), mean squared error. About 4.6k parameters each.

/// <summary>Adding problem, Elman RNN, 66 units.</summary>
[RnnModel(Input = 2, Hidden = 66, Output = 1, Head = Head.LinearLast)]
public partial class AddingRnn;

/// <summary>Adding problem, GRU, 37 units.</summary>
[GruModel(Input = 2, Hidden = 37, Output = 1, Head = Head.LinearLast)]
public partial class AddingGru;

/// <summary>Adding problem, LSTM, 32 units.</summary>
[LstmModel(Input = 2, Hidden = 32, Output = 1, Head = Head.LinearLast)]
public partial class AddingLstm;

// reber: the 7 symbols of the embedded Reber grammar, embedding 7, next-symbol softmax at every step. About 3.4k
// parameters each.

/// <summary>Embedded Reber grammar, Elman RNN, 50 units.</summary>
[RnnModel(Vocab = 7, Embedding = 7, Hidden = 50, Head = Head.SoftmaxPerStep)]
public partial class ReberRnn;

/// <summary>Embedded Reber grammar, GRU, 28 units.</summary>
[GruModel(Vocab = 7, Embedding = 7, Hidden = 28, Head = Head.SoftmaxPerStep)]
public partial class ReberGru;

/// <summary>Embedded Reber grammar, LSTM, 24 units.</summary>
[LstmModel(Vocab = 7, Embedding = 7, Hidden = 24, Head = Head.SoftmaxPerStep)]
public partial class ReberLstm;

// temporal: 8 symbols (a, b, c, d, X, Y and the start and end markers E, B), embedding 8, one of 4 classes (the order
// of the two X/Y symbols) on the last step. About 5.9k parameters each.

/// <summary>Temporal order problem, Elman RNN, 70 units.</summary>
[RnnModel(Vocab = 8, Embedding = 8, Hidden = 70, Output = 4, Head = Head.SoftmaxLast)]
public partial class TemporalRnn;

/// <summary>Temporal order problem, GRU, 39 units.</summary>
[GruModel(Vocab = 8, Embedding = 8, Hidden = 39, Output = 4, Head = Head.SoftmaxLast)]
public partial class TemporalGru;

/// <summary>Temporal order problem, LSTM, 33 units.</summary>
[LstmModel(Vocab = 8, Embedding = 8, Hidden = 33, Output = 4, Head = Head.SoftmaxLast)]
public partial class TemporalLstm;
