using System;
using System.Numerics;
using ModelGen.Numerics;

namespace ModelGen.Sampling;

/// <summary>
/// Draws tokens from a language model's logits: softmax with a <see cref="Temperature"/>, restricted to the
/// <see cref="TopK"/> most likely tokens, from a seeded <see cref="Rng"/> so a seed reproduces a sample.
/// </summary>
/// <remarks>
/// <see cref="Sample"/> allocates nothing: its scratch buffers are sized once for <see cref="VocabularySize"/>.
/// Probabilities are computed in double precision as p_i ∝ exp((l_i - max l) / temperature).
/// </remarks>
/// <typeparam name="T">The model's element type, float or double.</typeparam>
public sealed class Sampler<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly Rng _rng;
    private readonly double[] _weights;
    private readonly double[] _keys;
    private readonly int[] _indices;
    private T[] _state = [];
    private T[] _logits = [];
    private double _temperature = 1.0;
    private int _topK;

    /// <summary>A sampler for logits of up to <paramref name="vocabularySize"/> tokens, drawing from <paramref name="rng"/>.</summary>
    /// <param name="vocabularySize">The largest number of logits <see cref="Sample"/> accepts (the model's output width).</param>
    /// <param name="rng">The random number generator; the sampler advances it.</param>
    /// <param name="temperature">See <see cref="Temperature"/>.</param>
    /// <param name="topK">See <see cref="TopK"/>.</param>
    public Sampler(int vocabularySize, Rng rng, double temperature = 1.0, int topK = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(vocabularySize, 1);
        ArgumentNullException.ThrowIfNull(rng);
        _rng = rng;
        VocabularySize = vocabularySize;
        _weights = new double[vocabularySize];
        _keys = new double[vocabularySize];
        _indices = new int[vocabularySize];
        Temperature = temperature;
        TopK = topK;
    }

    /// <summary>The largest number of logits <see cref="Sample"/> accepts.</summary>
    public int VocabularySize { get; }

    /// <summary>
    /// Divides the logits before the softmax: 1 samples the model's distribution, below 1 sharpens it, above 1 flattens it,
    /// and 0 always takes the most likely token (greedy decoding).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative, infinite or NaN.</exception>
    public double Temperature
    {
        get => _temperature;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), value, "The temperature must be a finite number >= 0 (0 for greedy decoding, 1 for the model's distribution).");
            _temperature = value;
        }
    }

    /// <summary>Samples only among the <see cref="TopK"/> most likely tokens; 0 for all of them. 1 is greedy decoding.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative.</exception>
    public int TopK
    {
        get => _topK;
        set
        {
            if (value < 0)
                throw new ArgumentOutOfRangeException(nameof(value), value, "Top-k must be 0 (sample among all tokens) or positive.");
            _topK = value;
        }
    }

    /// <summary>Draws a token id from <paramref name="logits"/> (unnormalized log-probabilities, one per token).</summary>
    /// <exception cref="ArgumentException">There are no logits, more than <see cref="VocabularySize"/>, or one is NaN.</exception>
    public int Sample(ReadOnlySpan<T> logits)
    {
        int n = logits.Length;
        if (n == 0 || n > VocabularySize)
            throw new ArgumentException($"Expected between 1 and {VocabularySize} logits (the vocabulary size this sampler was made for), got {n}.", nameof(logits));

        // The largest logit, and the first index holding it (greedy decoding's answer).
        int best = 0;
        double max = double.NegativeInfinity;
        for (int i = 0; i < n; i++)
        {
            double v = double.CreateTruncating(logits[i]);
            if (double.IsNaN(v))
                throw new ArgumentException($"Logit {i} is NaN: the model's parameters have diverged (lower the learning rate or load an earlier checkpoint).", nameof(logits));
            if (v > max || i == 0) { max = v; best = i; }
        }
        if (_temperature == 0 || _topK == 1 || double.IsPositiveInfinity(max)) return best;

        // Candidates: all tokens, or the top k (sorted by descending logit; ties in a deterministic order).
        Span<int> candidates;
        if (_topK > 0 && _topK < n)
        {
            Span<double> keys = _keys.AsSpan(0, n);
            Span<int> indices = _indices.AsSpan(0, n);
            for (int i = 0; i < n; i++) { keys[i] = -double.CreateTruncating(logits[i]); indices[i] = i; }
            keys.Sort(indices);
            candidates = indices[.._topK];
        }
        else
        {
            candidates = _indices.AsSpan(0, n);
            for (int i = 0; i < n; i++) candidates[i] = i;
        }

        // Softmax weights exp((l - max) / temperature), then one uniform draw against their running sum.
        Span<double> weights = _weights.AsSpan(0, candidates.Length);
        double sum = 0;
        for (int j = 0; j < candidates.Length; j++)
        {
            double w = Math.Exp((double.CreateTruncating(logits[candidates[j]]) - max) / _temperature);
            weights[j] = w;
            sum += w;
        }
        if (!(sum > 0)) return best;
        double u = _rng.NextDouble() * sum;
        int last = best;
        for (int j = 0; j < candidates.Length; j++)
        {
            if (weights[j] <= 0) continue;
            last = candidates[j];
            u -= weights[j];
            if (u < 0) return last;
        }
        return last;
    }

    /// <summary>
    /// Runs <paramref name="model"/> from a zero state over <paramref name="prompt"/>, then samples <paramref name="count"/>
    /// tokens into <paramref name="output"/>, feeding each back as the next input.
    /// </summary>
    /// <param name="model">A model with token input and a softmax head. When it outputs more logits than <see cref="VocabularySize"/>
    /// (a model declared with room for more token ids than its tokenizer uses), only the first <see cref="VocabularySize"/> are drawn from.</param>
    /// <param name="prompt">The tokens to condition on; at least one.</param>
    /// <param name="count">Number of tokens to sample.</param>
    /// <param name="output">Receives the sampled tokens; at least <paramref name="count"/> long.</param>
    /// <exception cref="ArgumentException">The prompt is empty or holds an id outside the vocabulary, the output is too short,
    /// or the model does not take tokens.</exception>
    public void Generate(IRecurrentModel<T> model, ReadOnlySpan<int> prompt, int count, Span<int> output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ModelInfo info = model.Info;
        if (!info.TokenInput)
            throw new ArgumentException($"{info.Name} reads feature vectors, not tokens; generation needs a model with token input (Vocab and Embedding).", nameof(model));
        if (prompt.IsEmpty)
            throw new ArgumentException("The prompt is empty: give at least one token to start from (for example a newline, or the first character of the text to continue).", nameof(prompt));
        if (output.Length < count)
            throw new ArgumentException($"The output has room for {output.Length} tokens, but {count} were asked for.", nameof(output));
        for (int i = 0; i < prompt.Length; i++)
        {
            if ((uint)prompt[i] >= (uint)info.Vocab)
                throw new ArgumentException($"Prompt token {i} is {prompt[i]}, outside {info.Name}'s vocabulary [0, {info.Vocab}); encode the prompt with the model's tokenizer.", nameof(prompt));
        }

        if (_state.Length != info.StateSize) _state = new T[info.StateSize];
        if (_logits.Length != info.Output) _logits = new T[info.Output];
        Span<T> state = _state;
        Span<T> logits = _logits;
        state.Clear();

        foreach (int token in prompt) model.Step(token, state, logits);
        for (int i = 0; i < count; i++)
        {
            // A model may declare more token ids than its tokenizer uses: only the sampler's vocabulary is drawn from.
            int next = Sample(logits[..Math.Min(VocabularySize, info.Output)]);
            output[i] = next;
            if (i + 1 < count) model.Step(next, state, logits);
        }
    }
}
