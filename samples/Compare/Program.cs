// Compare: trains an RNN, a GRU and an LSTM with matched parameter budgets on the same data, with the same seed and
// budget, and prints one table and a plot of validation loss against step. See Options.Usage (or --help).
return Compare.App.Run(args, System.Console.Out);
