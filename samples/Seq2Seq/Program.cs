return Seq2Seq.App.Run(args, System.Console.Out);
