using System;
using System.Collections.Generic;
using ModelGen;

namespace ModelGen.Numerics.Tests;

// Stacks only a spec file can declare (specs/tests/*.json): mixed cells and sizes, a bidirectional layer in the middle,
// dropout per layer, peepholes on one layer. Double precision for the gradient checks.
[ModelSpec("mixed-tagger")]
public partial class GcMixedTagger;

[ModelSpec("mixed-regressor")]
public partial class GcMixedRegressor;

internal static class SpecModels
{
    public static readonly Dictionary<string, Func<int, IRecurrentModel<double>>> All = new()
    {
        ["GcMixedTagger"] = seed => new GcMixedTagger(seed),
        ["GcMixedRegressor"] = seed => new GcMixedRegressor(seed),
    };
}
