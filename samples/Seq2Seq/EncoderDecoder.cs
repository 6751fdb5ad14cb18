using System;
using System.Collections.Generic;
using System.IO;
using System.Numerics.Tensors;
using ModelGen;
using ModelGen.Checkpoints;
using ModelGen.Training;

namespace Seq2Seq;

/// <summary>
/// Two generated models wired as Sutskever et al. 2014 (without attention): the encoder reads the source, its final
/// state is the decoder's initial state, and the decoder predicts the target token by token. Training uses teacher
/// forcing; the decoder's gradient with respect to its initial state flows back into the encoder through
/// <see cref="IRecurrentModel{T}.FinalStateGradient"/>.
/// </summary>
internal sealed class EncoderDecoder<TEncoder, TDecoder>
    where TEncoder : class, IRecurrentModel<TEncoder, float>
    where TDecoder : class, IRecurrentModel<TDecoder, float>
{
    private const string RoleKey = "seq2seq.role", PairKey = "seq2seq.pair";

    private readonly Adam<float> _encoderOptimizer, _decoderOptimizer;
    private readonly float[] _state = new float[TDecoder.StateSize];   // one sequence's state while decoding
    private readonly float[] _logits = new float[TDecoder.OutputSize];
    private int[] _decoded = Array.Empty<int>();

    /// <summary>An encoder and a decoder initialized from <paramref name="seed"/>, each with its own Adam optimizer.</summary>
    public EncoderDecoder(int seed, double learningRate)
    {
        // The decoder starts from the encoder's final state: the declarations must agree on the state's layout.
        if (TEncoder.StateSize != TDecoder.StateSize || TEncoder.ModelInfo.Hidden != TDecoder.ModelInfo.Hidden
            || TEncoder.ModelInfo.Cell != TDecoder.ModelInfo.Cell || TEncoder.ModelInfo.Vocab != TDecoder.ModelInfo.Vocab)
            throw new InvalidOperationException(
                $"{TEncoder.ModelInfo.Name} and {TDecoder.ModelInfo.Name} must have the same cell, Hidden, Layers and Vocab (see Models.cs).");
        Encoder = TEncoder.Create(seed);
        Decoder = TDecoder.Create(unchecked(seed + 1));
        _encoderOptimizer = new Adam<float>(learningRate);
        _decoderOptimizer = new Adam<float>(learningRate);
    }

    public TEncoder Encoder { get; }

    public TDecoder Decoder { get; }

    /// <summary>Number of ids the models can read and predict.</summary>
    public static int Vocab => TDecoder.ModelInfo.Vocab;

    /// <summary>
    /// One training step on <paramref name="batch"/>: forward through both models, backward through both, global-norm
    /// clipping over both gradients together, an Adam step on each. Returns the mean loss per target token and the
    /// gradient norm before clipping; when either is not finite, the parameters are left unchanged.
    /// </summary>
    public (double Loss, double GradientNorm) TrainStep(in PairBatch batch, double learningRate, double clipNorm)
    {
        Encoder.ZeroGradients();
        Decoder.ZeroGradients();
        Encode(batch);
        double loss = Decoder.Forward(DecoderBatch(batch), training: true);
        if (!double.IsFinite(loss)) return (loss, double.NaN);

        Decoder.Backward();
        // dL/d(decoder's initial state) is dL/d(encoder's final state).
        Decoder.StateGradient.CopyTo(Encoder.FinalStateGradient);
        if (Encoder.FinalStateGradient.IndexOfAnyExcept(0f) >= 0) Encoder.Backward();

        double norm = ClipTogether(clipNorm);
        if (!double.IsFinite(norm)) return (loss, norm);
        _encoderOptimizer.LearningRate = learningRate;
        _decoderOptimizer.LearningRate = learningRate;
        _encoderOptimizer.Step(Encoder.Parameters, Encoder.Gradients);
        _decoderOptimizer.Step(Decoder.Parameters, Decoder.Gradients);
        return (loss, norm);
    }

    /// <summary>The mean loss per target token of <paramref name="batch"/> under teacher forcing, without training.</summary>
    public double Loss(in PairBatch batch)
    {
        Encode(batch);
        return Decoder.Forward(DecoderBatch(batch), training: false);
    }

    /// <summary>Runs the encoder over the batch's sources and starts the decoder from its final state.</summary>
    private void Encode(in PairBatch batch)
    {
        Encoder.ResetState(batch.BatchSize);
        Encoder.Forward(SequenceBatch<float>.FromTokens(batch.Source, batch.BatchSize, batch.SourceSteps));
        Decoder.ResetState(batch.BatchSize);
        Encoder.FinalState.CopyTo(Decoder.State);
    }

    private static SequenceBatch<float> DecoderBatch(in PairBatch batch)
        => SequenceBatch<float>.FromTokens(batch.DecoderInput, batch.BatchSize, batch.TargetSteps, batch.Labels);

    /// <summary>
    /// torch.nn.utils.clip_grad_norm_ over both models' parameters: ‖g‖ over the two gradient buffers as one vector,
    /// both scaled by max / (‖g‖ + 1e-6) when ‖g‖ exceeds max. Returns ‖g‖ before clipping.
    /// </summary>
    private double ClipTogether(double maxNorm)
    {
        double encoderNorm = GradientClipping.GlobalNorm<float>(Encoder.Gradients);
        double decoderNorm = GradientClipping.GlobalNorm<float>(Decoder.Gradients);
        double norm = Math.Sqrt(encoderNorm * encoderNorm + decoderNorm * decoderNorm);
        if (double.IsFinite(norm) && norm > maxNorm)
        {
            float scale = (float)(maxNorm / (norm + 1e-6));
            TensorPrimitives.Multiply(Encoder.Gradients, scale, Encoder.Gradients);
            TensorPrimitives.Multiply(Decoder.Gradients, scale, Decoder.Gradients);
        }
        return norm;
    }

    /// <summary>
    /// Greedy decoding of every pair of <paramref name="batches"/>: the encoder runs over a whole batch of sources, then
    /// the decoder steps each sequence from &lt;bos&gt;, feeding back its most likely token, until &lt;eos&gt; or
    /// 2 × source length + 10 tokens. Returns the decoded ids (without &lt;eos&gt;) by pair index.
    /// </summary>
    public int[][] DecodeAll(BucketBatches batches, int pairCount, int vocabularySize)
    {
        var decoded = new int[pairCount][];
        for (int i = 0; i < batches.Count; i++)
        {
            PairBatch batch = batches.Get(i);
            Encode(batch);
            for (int row = 0; row < batch.BatchSize; row++)
            {
                CopySequenceState(Encoder.FinalState, batch.BatchSize, row, _state);
                decoded[batch.Pairs[row]] = DecodeGreedy(2 * batch.SourceSteps + 10, vocabularySize);
            }
        }
        return decoded;
    }

    /// <summary>
    /// Copies sequence <paramref name="row"/> of a batch state (blocks [B, Hidden]: h of every layer, then c of every
    /// LSTM layer) into the single-sequence state <c>Step</c> reads (the same blocks with B = 1).
    /// </summary>
    private static void CopySequenceState(ReadOnlySpan<float> batchState, int batchSize, int row, Span<float> state)
    {
        int hidden = TEncoder.ModelInfo.Hidden;
        int blocks = TEncoder.StateSize / hidden;
        for (int k = 0; k < blocks; k++)
            batchState.Slice((k * batchSize + row) * hidden, hidden).CopyTo(state.Slice(k * hidden, hidden));
    }

    /// <summary>Decodes one sequence from <see cref="_state"/>; argmax over the first <paramref name="vocabularySize"/> ids.</summary>
    private int[] DecodeGreedy(int maxLength, int vocabularySize)
    {
        if (_decoded.Length < maxLength) _decoded = new int[maxLength];
        int token = Vocabulary.Begin, length = 0;
        while (length < maxLength)
        {
            Decoder.Step(token, _state, _logits);
            token = TensorPrimitives.IndexOfMax(_logits.AsSpan(0, vocabularySize));
            if (token == Vocabulary.End) break;
            _decoded[length++] = token;
        }
        return _decoded.AsSpan(0, length).ToArray();
    }

    /// <summary>
    /// Writes the encoder to <paramref name="path"/> and the decoder to <see cref="DecoderPath"/>, each a safetensors
    /// checkpoint with <paramref name="metadata"/>, its role and a tag that pairs the two files.
    /// </summary>
    public void Save(string path, IReadOnlyDictionary<string, string> metadata)
    {
        string pair = Guid.NewGuid().ToString("N");
        try
        {
            Checkpoint.Save(Encoder, path, WithRole(metadata, "encoder", pair));
            Checkpoint.Save(Decoder, DecoderPath(path), WithRole(metadata, "decoder", pair));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new Seq2SeqException($"Cannot write the checkpoint '{path}': {e.Message}");
        }
    }

    /// <summary>
    /// Loads the encoder from <paramref name="path"/> and the decoder from <see cref="DecoderPath"/>, checking that they
    /// were saved together by this sample, and returns the encoder's metadata.
    /// </summary>
    /// <exception cref="CheckpointException">A file is invalid or does not fit its model.</exception>
    /// <exception cref="Seq2SeqException">A file is missing, or the two were not saved together.</exception>
    public IReadOnlyDictionary<string, string> Load(string path)
    {
        string decoderPath = DecoderPath(path);
        if (!File.Exists(path)) throw new Seq2SeqException($"The checkpoint '{path}' does not exist.");
        if (!File.Exists(decoderPath))
            throw new Seq2SeqException(
                $"The decoder of the checkpoint '{path}' should be next to it in '{decoderPath}', which does not exist; --load takes the file given to --save (the encoder's).");
        IReadOnlyDictionary<string, string> encoderMeta = Checkpoint.Load(Encoder, path);
        IReadOnlyDictionary<string, string> decoderMeta = Checkpoint.Load(Decoder, decoderPath);
        RequireRole(path, encoderMeta, "encoder");
        RequireRole(decoderPath, decoderMeta, "decoder");
        if (encoderMeta[PairKey] != decoderMeta[PairKey])
            throw new Seq2SeqException($"'{path}' and '{decoderPath}' were saved by different runs; load an encoder with the decoder saved next to it.");
        return encoderMeta;
    }

    /// <summary>Where the decoder of the checkpoint <paramref name="path"/> goes: <c>x.safetensors</c> → <c>x.decoder.safetensors</c>.</summary>
    public static string DecoderPath(string path)
    {
        string extension = Path.GetExtension(path);
        return extension.Length == 0 ? path + ".decoder" : path[..^extension.Length] + ".decoder" + extension;
    }

    private static Dictionary<string, string> WithRole(IReadOnlyDictionary<string, string> metadata, string role, string pair)
        => new(metadata) { [RoleKey] = role, [PairKey] = pair };

    private static void RequireRole(string path, IReadOnlyDictionary<string, string> metadata, string role)
    {
        if (!metadata.TryGetValue(RoleKey, out string? saved) || !metadata.ContainsKey(PairKey))
            throw new Seq2SeqException($"The checkpoint '{path}' has no {RoleKey} metadata: it was not written by the Seq2Seq sample's --save.");
        if (saved != role)
            throw new Seq2SeqException($"The checkpoint '{path}' holds the {saved}, not the {role}; pass the encoder's file to --load.");
    }
}
