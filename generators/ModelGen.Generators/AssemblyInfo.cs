using System.Runtime.CompilerServices;

// The generator tests walk the pipeline's models and read the tracking names.
[assembly: InternalsVisibleTo("ModelGen.Generators.Tests")]
