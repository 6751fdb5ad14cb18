return GpuTrain.App.Run(args, System.Console.Out);
