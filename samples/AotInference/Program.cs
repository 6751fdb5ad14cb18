// AotInference: loads a checkpoint written by the CharLm sample and streams generated text, or scores a text, with no
// JIT: published with NativeAOT it is one native binary. See Inference.Usage (or --help).
return AotInference.Inference.Run(args, System.Console.Out);
