using System;
using System.Numerics;

namespace ModelGen.Numerics;

// A whole layer's step for one sequence: its products, its cell and, for the top layer, the head's product.
//
// Tried and measured slower (LSTM, H = 128: 4.4 against 3.7 us a step): splitting the step by hidden units over two
// cores, each core computing the gate rows of its units, their cell and its half of the head's columns with one
// hand-off per layer. Each core's share of the weights came in as eight 32 KB blocks instead of two 128 KB streams,
// and that lost more than the cell and the head gained; the products alone split by rows (Gemm) are kept.
public static partial class CellStep
{
    /// <summary>The scratch <see cref="LstmLayer{T}"/> needs: the four gate blocks.</summary>
    public static int LstmScratch(int hidden) => 4 * hidden;

    /// <summary>The scratch <see cref="GruLayer{T}"/> needs: both products' three gate blocks.</summary>
    public static int GruScratch(int hidden) => 6 * hidden;

    /// <summary>
    /// One LSTM step of one sequence: g = W_ih x + W_hh h (<see cref="Gemm.MultiplyVectorPair{T}"/>, on two cores when
    /// large), then <see cref="Lstm{T}"/> (c and h updated in place), then, when <paramref name="output"/> is not empty,
    /// output = W_head h (the head's bias is the caller's). <paramref name="scratch"/> holds <see cref="LstmScratch"/> elements.
    /// </summary>
    public static void LstmLayer<T>(ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, Span<T> h, Span<T> c, ReadOnlySpan<T> headWeight, Span<T> output, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int input = x.Length, n = h.Length;
        CheckLayer(4, input, n, weightIh.Length, weightHh.Length, headWeight.Length, output.Length, scratch.Length, LstmScratch(n));
        Span<T> g = scratch.Slice(0, 4 * n);
        Gemm.MultiplyVectorPair<T>(4 * n, input, weightIh, x, n, weightHh, h, g);
        Lstm(g, biasIh, biasHh, c, h);
        if (output.Length > 0) Gemm.MultiplyVector<T>(output.Length, n, headWeight, h, output, accumulate: false);
    }

    /// <summary>
    /// One GRU step of one sequence: W_ih x and W_hh h (<see cref="Gemm.MultiplyVectorTwo{T}"/>, on two cores when large),
    /// then <see cref="Gru{T}"/> (h updated in place), then, when <paramref name="output"/> is not empty, output = W_head h
    /// (the head's bias is the caller's). <paramref name="scratch"/> holds <see cref="GruScratch"/> elements.
    /// </summary>
    public static void GruLayer<T>(ReadOnlySpan<T> weightIh, ReadOnlySpan<T> weightHh, ReadOnlySpan<T> biasIh, ReadOnlySpan<T> biasHh,
        ReadOnlySpan<T> x, Span<T> h, ReadOnlySpan<T> headWeight, Span<T> output, Span<T> scratch)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int input = x.Length, n = h.Length;
        CheckLayer(3, input, n, weightIh.Length, weightHh.Length, headWeight.Length, output.Length, scratch.Length, GruScratch(n));
        Span<T> gx = scratch.Slice(0, 3 * n), gh = scratch.Slice(3 * n, 3 * n);
        Gemm.MultiplyVectorTwo<T>(3 * n, input, weightIh, x, gx, n, weightHh, h, gh);
        Gru(gx, gh, biasIh, biasHh, h);
        if (output.Length > 0) Gemm.MultiplyVector<T>(output.Length, n, headWeight, h, output, accumulate: false);
    }

    private static void CheckLayer(int gates, int input, int n, int wih, int whh, int head, int output, int scratch, int needed)
    {
        if (wih != gates * n * input || whh != gates * n * n)
            throw new ArgumentException($"A layer of {n} units reading {input} inputs has weights of {gates * n} x {input} and {gates * n} x {n}; got {wih} and {whh} elements.");
        if (head != output * n)
            throw new ArgumentException($"A head of {output} outputs over {n} units has {output * n} weights; got {head}.");
        if (scratch < needed)
            throw new ArgumentException($"The step's scratch has {scratch} elements; this layer needs {needed}.");
    }
}
