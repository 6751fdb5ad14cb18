using System;
using System.IO;
using System.Runtime.InteropServices;
using ILGPU.Runtime.Cuda;

namespace ModelGen.Gpu;

/// <summary>
/// Opens cuBLAS for a CUDA accelerator. ILGPU.Algorithms 1.5.3 binds <c>libcublas.so.10/11/12</c> by name, while CUDA 13
/// ships <c>libcublas.so.13</c> (the v2 entry points it calls are the same): a resolver on ILGPU.Algorithms maps those
/// names to whichever cuBLAS the machine has. When none loads, the products fall back to the tiled ILGPU kernel and
/// <see cref="DeviceKernels.ProductEngine"/> says why.
/// </summary>
internal static class CuBlasLoader
{
    private static readonly object s_gate = new();
    private static bool s_resolverSet;

    /// <summary>The cuBLAS names tried after the one asked for, newest first; then the same under CUDA_PATH and /usr/local/cuda.</summary>
    private static readonly string[] s_candidates = { "libcublas.so.13", "libcublas.so.12", "libcublas.so.11", "libcublas.so", "cublas64_13.dll", "cublas64_12.dll" };

    public static CuBlas? TryCreate(CudaAccelerator accelerator, out string? error)
    {
        lock (s_gate)
        {
            if (!s_resolverSet)
            {
                try
                {
                    NativeLibrary.SetDllImportResolver(typeof(CuBlas).Assembly, Resolve);
                }
                catch (InvalidOperationException)
                {
                    // The application set its own resolver for ILGPU.Algorithms; use that.
                }
                s_resolverSet = true;
            }
        }
        try
        {
            var blas = new CuBlas(accelerator) { Stream = (CudaStream)accelerator.DefaultStream, PointerMode = CuBlasPointerMode.Host };
            error = null;
            return blas;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or CuBlasException or TypeInitializationException or NotSupportedException)
        {
            error = e.Message;
            return null;
        }
    }

    private static IntPtr Resolve(string name, System.Reflection.Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (!name.Contains("cublas", StringComparison.OrdinalIgnoreCase)) return IntPtr.Zero;
        if (NativeLibrary.TryLoad(name, assembly, searchPath, out IntPtr handle)) return handle;
        string? cudaPath = Environment.GetEnvironmentVariable("CUDA_PATH");
        foreach (string candidate in s_candidates)
        {
            if (NativeLibrary.TryLoad(candidate, out handle)) return handle;
            foreach (string? root in new[] { cudaPath, "/usr/local/cuda" })
                if (root is not null && NativeLibrary.TryLoad(Path.Combine(root, "lib64", candidate), out handle)) return handle;
        }
        return IntPtr.Zero;
    }
}
