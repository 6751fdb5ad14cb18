return WordLm.App.Run(args, System.Console.Out);
