using System.Runtime.CompilerServices;

// ILGPU's CPU accelerator runs kernels from a dynamic assembly of this name; it reads the kernels' internal parameter types.
[assembly: InternalsVisibleTo("ILGPURuntime")]
