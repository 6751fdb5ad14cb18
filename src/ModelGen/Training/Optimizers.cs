using System;
using System.Collections.Generic;
using System.Numerics;

namespace ModelGen.Training;

/// <summary>
/// An optimizer: updates a model's whole parameter buffer from its gradient buffer in one pass (both have the same
/// layout, so one step covers every tensor). Its state (moments, step count) can be saved and restored exactly.
/// </summary>
public interface IOptimizer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>The learning rate of the next step (a schedule sets it before each step).</summary>
    double LearningRate { get; set; }

    /// <summary>Steps taken so far.</summary>
    long StepCount { get; }

    /// <summary>One update of <paramref name="parameters"/> from <paramref name="gradients"/>.</summary>
    void Step(Span<T> parameters, ReadOnlySpan<T> gradients);

    /// <summary>The state buffers by name (PyTorch's names: <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>momentum_buffer</c>), for checkpoints.</summary>
    IReadOnlyList<(string Name, T[] Buffer)> StateBuffers { get; }

    /// <summary>Restores the step count; the state buffers are restored by writing into <see cref="StateBuffers"/> after <see cref="EnsureState"/>.</summary>
    void RestoreStepCount(long stepCount);

    /// <summary>Allocates the state buffers for <paramref name="parameterCount"/> parameters (done by the first step otherwise).</summary>
    void EnsureState(int parameterCount);
}

/// <summary>Common checks and state handling of the optimizers.</summary>
public abstract class Optimizer<T> : IOptimizer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private double _learningRate;
    private readonly string[] _bufferNames;
    private (string Name, T[] Buffer)[] _buffers = Array.Empty<(string, T[])>();

    /// <summary>An optimizer with the given state buffer names.</summary>
    protected Optimizer(double learningRate, params string[] bufferNames)
    {
        LearningRate = learningRate;
        _bufferNames = bufferNames;
    }

    /// <inheritdoc/>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value))
                throw new ArgumentOutOfRangeException(nameof(value), $"The learning rate must be a finite number ≥ 0; got {value}.");
            _learningRate = value;
        }
    }

    /// <inheritdoc/>
    public long StepCount { get; private set; }

    /// <inheritdoc/>
    public IReadOnlyList<(string Name, T[] Buffer)> StateBuffers => _buffers;

    /// <inheritdoc/>
    public void RestoreStepCount(long stepCount)
    {
        if (stepCount < 0) throw new ArgumentOutOfRangeException(nameof(stepCount), $"The step count must not be negative; got {stepCount}.");
        StepCount = stepCount;
    }

    /// <inheritdoc/>
    public void EnsureState(int parameterCount)
    {
        if (_buffers.Length == _bufferNames.Length && (_buffers.Length == 0 || _buffers[0].Buffer.Length == parameterCount)) return;
        if (_buffers.Length > 0)
            throw new ArgumentException($"This optimizer holds state for {_buffers[0].Buffer.Length} parameters and was given {parameterCount}; use one optimizer per model.");
        _buffers = new (string, T[])[_bufferNames.Length];
        for (int k = 0; k < _bufferNames.Length; k++) _buffers[k] = (_bufferNames[k], new T[parameterCount]);
    }

    /// <summary>State buffer <paramref name="index"/>.</summary>
    protected T[] Buffer(int index) => _buffers[index].Buffer;

    /// <inheritdoc/>
    public void Step(Span<T> parameters, ReadOnlySpan<T> gradients)
    {
        if (parameters.Length != gradients.Length)
            throw new ArgumentException($"Parameters ({parameters.Length}) and gradients ({gradients.Length}) differ in length.");
        EnsureState(parameters.Length);
        StepCount++;
        Update(parameters, gradients, StepCount);
    }

    /// <summary>The update rule; <paramref name="step"/> counts from 1.</summary>
    protected abstract void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step);

    /// <summary>Throws unless <paramref name="value"/> is in [<paramref name="min"/>, <paramref name="max"/>) (or ≤ max when inclusive).</summary>
    protected static double Check(string what, double value, double min, double max, bool maxInclusive = false)
    {
        bool ok = value >= min && (maxInclusive ? value <= max : value < max);
        if (!ok)
            throw new ArgumentOutOfRangeException(what, $"{what} must be in [{min}, {max}{(maxInclusive ? "]" : ")")}; got {value}.");
        return value;
    }
}

/// <summary>
/// Stochastic gradient descent with momentum, dampening, Nesterov momentum and L2 weight decay, as torch.optim.SGD:
/// g = ∇ + λθ; b = μb + (1 − τ)g (b = g at the first step); g = g + μb (Nesterov) or b; θ = θ − ηg.
/// </summary>
public sealed class Sgd<T> : Optimizer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly T _momentum, _dampening, _weightDecay;
    private readonly bool _nesterov;

    /// <summary>SGD with learning rate η, momentum μ, dampening τ, weight decay λ.</summary>
    public Sgd(double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0, bool nesterov = false)
        : base(learningRate, momentum != 0 ? new[] { "momentum_buffer" } : Array.Empty<string>())
    {
        _momentum = T.CreateTruncating(Check("SGD momentum", momentum, 0, 1, maxInclusive: true));
        _dampening = T.CreateTruncating(Check("SGD dampening", dampening, 0, 1, maxInclusive: true));
        _weightDecay = T.CreateTruncating(Check("SGD weight decay", weightDecay, 0, double.MaxValue));
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum > 0 and zero dampening (as in PyTorch).", nameof(nesterov));
        _nesterov = nesterov;
    }

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        T lr = T.CreateTruncating(LearningRate);
        bool momentum = _momentum != T.Zero;
        Span<T> buffer = momentum ? Buffer(0) : default;
        T keep = T.One - _dampening;
        int k = 0;
        if (!momentum && Vector.IsHardwareAccelerated && Vector<T>.IsSupported)
        {
            // Without momentum: the same two lines a vector at a time (a word-level model has millions of parameters).
            var decay = new Vector<T>(_weightDecay);
            var rate = new Vector<T>(lr);
            for (; k <= parameters.Length - Vector<T>.Count; k += Vector<T>.Count)
            {
                var theta = new Vector<T>(parameters.Slice(k));
                Vector<T> g = new Vector<T>(gradients.Slice(k)) + decay * theta;
                (theta - rate * g).CopyTo(parameters.Slice(k));
            }
        }
        for (; k < parameters.Length; k++)
        {
            // g = ∇ + λθ
            T g = gradients[k] + _weightDecay * parameters[k];
            if (momentum)
            {
                // b = μb + (1 − τ)g, b = g at the first step
                T b = step == 1 ? g : _momentum * buffer[k] + keep * g;
                buffer[k] = b;
                g = _nesterov ? g + _momentum * b : b;
            }
            // θ = θ − ηg
            parameters[k] -= lr * g;
        }
    }
}

/// <summary>
/// Adam (Kingma &amp; Ba 2015) as torch.optim.Adam, with optional L2 weight decay folded into the gradient:
/// m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²; θ = θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε).
/// </summary>
public class Adam<T> : Optimizer<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly double _beta1, _beta2;
    private readonly T _epsilon;

    /// <summary>The weight decay λ.</summary>
    protected T WeightDecay { get; }

    /// <summary>Adam with learning rate η, betas (β₁, β₂), ε and L2 weight decay λ (PyTorch's defaults).</summary>
    public Adam(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0)
        : base(learningRate, "exp_avg", "exp_avg_sq")
    {
        _beta1 = Check("Adam beta1", beta1, 0, 1);
        _beta2 = Check("Adam beta2", beta2, 0, 1);
        _epsilon = T.CreateTruncating(Check("Adam epsilon", epsilon, 0, double.MaxValue));
        WeightDecay = T.CreateTruncating(Check("Adam weight decay", weightDecay, 0, double.MaxValue));
    }

    /// <summary>Whether weight decay is decoupled from the gradient (AdamW) rather than added to it (Adam's L2).</summary>
    protected virtual bool DecoupledWeightDecay => false;

    /// <inheritdoc/>
    protected override void Update(Span<T> parameters, ReadOnlySpan<T> gradients, long step)
    {
        Span<T> m = Buffer(0), v = Buffer(1);
        T b1 = T.CreateTruncating(_beta1), b2 = T.CreateTruncating(_beta2);
        T oneMinusB1 = T.One - b1, oneMinusB2 = T.One - b2;
        double correction1 = 1 - Math.Pow(_beta1, step);
        double correction2 = 1 - Math.Pow(_beta2, step);
        T stepSize = T.CreateTruncating(LearningRate / correction1);
        T sqrtCorrection2 = T.CreateTruncating(Math.Sqrt(correction2));
        T decay = T.CreateTruncating(LearningRate) * WeightDecay;
        bool decoupled = DecoupledWeightDecay;
        for (int k = 0; k < parameters.Length; k++)
        {
            T g = gradients[k];
            if (decoupled) parameters[k] -= decay * parameters[k];  // θ = θ − ηλθ (AdamW)
            else g += WeightDecay * parameters[k];                  // g = ∇ + λθ (Adam's L2)
            // m = β₁m + (1 − β₁)g; v = β₂v + (1 − β₂)g²
            T mk = b1 * m[k] + oneMinusB1 * g;
            T vk = b2 * v[k] + oneMinusB2 * g * g;
            m[k] = mk;
            v[k] = vk;
            // θ = θ − (η / (1 − β₁ᵗ)) · m / (√v / √(1 − β₂ᵗ) + ε)
            parameters[k] -= stepSize * mk / (T.Sqrt(vk) / sqrtCorrection2 + _epsilon);
        }
    }
}

/// <summary>
/// AdamW (Loshchilov &amp; Hutter 2019) as torch.optim.AdamW: Adam with decoupled weight decay θ = θ − ηλθ before the
/// Adam update. PyTorch's default λ is 0.01.
/// </summary>
public sealed class AdamW<T> : Adam<T> where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>AdamW with learning rate η, betas, ε and decoupled weight decay λ.</summary>
    public AdamW(double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double epsilon = 1e-8, double weightDecay = 0.01)
        : base(learningRate, beta1, beta2, epsilon, weightDecay)
    {
    }

    /// <inheritdoc/>
    protected override bool DecoupledWeightDecay => true;
}
