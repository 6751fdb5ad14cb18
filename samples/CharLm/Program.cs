// CharLm: trains a character-level language model, then samples from it. See Options.Usage (or --help).
return CharLm.App.Run(args, System.Console.Out);
