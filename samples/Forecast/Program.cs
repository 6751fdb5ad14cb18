return Forecast.App.Run(args, System.Console.Out);
