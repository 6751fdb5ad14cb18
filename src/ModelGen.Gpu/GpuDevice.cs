using System;
using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace ModelGen.Gpu;

/// <summary>Which accelerator a <see cref="GpuDevice"/> runs on.</summary>
public enum GpuDeviceKind
{
    /// <summary>The first CUDA GPU when there is one, else ILGPU's CPU accelerator.</summary>
    Best,
    /// <summary>The first CUDA GPU; fails when there is none.</summary>
    Cuda,
    /// <summary>ILGPU's CPU accelerator: the same kernels, run by CPU threads that simulate GPU thread groups (for tests and machines without a GPU; slow).</summary>
    Cpu,
}

/// <summary>
/// One ILGPU accelerator and the kernels every GPU model shares (the tiled matrix product, bias and column sums),
/// compiled once. Create one per process and hand it to every GPU model (<c>new CharLstm.Gpu(device)</c>); dispose it
/// after the models.
/// </summary>
public sealed class GpuDevice : IDisposable
{
    private readonly Context _context;
    private bool _disposed;

    private GpuDevice(Context context, Accelerator accelerator)
    {
        _context = context;
        Accelerator = accelerator;
        Kernels = new DeviceKernels(accelerator);
    }

    /// <summary>Opens an accelerator of the given kind.</summary>
    /// <exception cref="InvalidOperationException">No CUDA GPU was found and <paramref name="kind"/> is <see cref="GpuDeviceKind.Cuda"/>.</exception>
    public static GpuDevice Create(GpuDeviceKind kind = GpuDeviceKind.Best)
    {
        // Algorithms: ILGPU's implementations of Math.Exp, Math.Tanh and the other functions PTX has no instruction for.
        var context = Context.Create(builder => builder.Cuda().CPU(CpuDevice).EnableAlgorithms());
        try
        {
            Device? device = null;
            if (kind != GpuDeviceKind.Cpu)
                foreach (var cuda in context.GetCudaDevices()) { device = cuda; break; }
            if (device is null && kind == GpuDeviceKind.Cuda)
                throw new InvalidOperationException(
                    "No CUDA GPU was found (ILGPU lists none): check that the NVIDIA driver is installed and the GPU is visible (nvidia-smi), or use GpuDeviceKind.Best to fall back to the CPU accelerator.");
            device ??= context.GetCPUDevice(0);
            return new GpuDevice(context, device.CreateAccelerator(context));
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The CPU accelerator's shape: groups of 4 warps of 4 threads (the matrix product's 4 × 4 tiles) on one simulated
    /// multiprocessor. Every simulated thread is an OS thread that spins at barriers, so more of them only compete for
    /// the cores; this accelerator is for checking the kernels, not for speed.
    /// </summary>
    private static CPUDevice CpuDevice => new(numThreadsPerWarp: 4, numWarpsPerMultiprocessor: 4, numMultiprocessors: 1);

    /// <summary>The ILGPU accelerator (for kernels of your own).</summary>
    public Accelerator Accelerator { get; }

    /// <summary>The shared kernels.</summary>
    public DeviceKernels Kernels { get; }

    /// <summary>True on a CUDA GPU, false on the CPU accelerator.</summary>
    public bool IsCuda => Accelerator.AcceleratorType == AcceleratorType.Cuda;

    /// <summary>The accelerator's name, as ILGPU reports it (for example "NVIDIA H100 80GB HBM3").</summary>
    public string Name => Accelerator.Name;

    /// <summary>Allocates a device array of <paramref name="length"/> floats, set to zero.</summary>
    public DeviceArray Allocate(long length) => new(Accelerator, length);

    /// <summary>Allocates a device array of <paramref name="length"/> ints, set to zero.</summary>
    public DeviceIntArray AllocateInts(long length) => new(Accelerator, length);

    /// <summary>Waits until every kernel and copy launched so far has finished.</summary>
    public void Synchronize() => Accelerator.Synchronize();

    /// <inheritdoc/>
    public override string ToString() => $"{Name} ({Accelerator.AcceleratorType})";

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        Kernels.Dispose();
        Accelerator.Dispose();
        _context.Dispose();
    }
}
