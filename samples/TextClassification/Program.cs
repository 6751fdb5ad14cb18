return TextClassification.App.Run(args, System.Console.Out);
