using System;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text;

namespace ModelGen.Parity.Tests;

/// <summary>
/// Makes TorchSharp's native library loadable on systems whose libstdc++ predates GCC 13.
/// </summary>
/// <remarks>
/// libLibTorchSharp.so (TorchSharp 0.107) asks for the symbol version GLIBCXX_3.4.32 for exactly one symbol,
/// <c>std::ios_base_library_init()</c>, a link-time anchor GCC 13 adds to every object that includes &lt;iostream&gt;;
/// the library never calls it. Debian 12's libstdc++ stops at GLIBCXX_3.4.30, so the dynamic loader refuses the
/// library and TorchSharp reports that libtorch is missing. Before TorchSharp is first touched, this module
/// initializer marks that one version requirement of the copy in the test's output folder as weak
/// (VER_FLG_WEAK in its Elf64_Vernaux entry), which is what <c>ld --no-as-needed -z weak</c> style linking would
/// have produced: the loader then accepts the library and only warns if the version is absent. Nothing else in the
/// file changes; a library that does not need the version, or a system that has it, is left alone.
/// </remarks>
internal static class LibTorchLoader
{
    private const string Library = "libLibTorchSharp.so";
    private const string Version = "GLIBCXX_3.4.32";
    private const ushort VerFlagWeak = 0x2;
    private const uint ShtGnuVerneed = 0x6ffffffe;

    [ModuleInitializer]
    internal static void RelaxVersionRequirement()
    {
        if (!OperatingSystem.IsLinux()) return;
        foreach (string candidate in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", Library),
                     Path.Combine(AppContext.BaseDirectory, Library),
                 })
        {
            if (File.Exists(candidate)) MarkWeak(candidate, Version);
        }
    }

    /// <summary>Sets VER_FLG_WEAK on every version requirement named <paramref name="version"/>; returns how many changed.</summary>
    internal static int MarkWeak(string path, string version)
    {
        byte[] elf = File.ReadAllBytes(path);
        if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F' || elf[4] != 2 || elf[5] != 1)
            return 0; // not a little-endian ELF64 file
        var span = elf.AsSpan();
        long sectionTable = (long)Read64(span, 0x28);
        int entrySize = Read16(span, 0x3A), count = Read16(span, 0x3C);
        int changed = 0;
        for (int s = 0; s < count; s++)
        {
            int header = checked((int)(sectionTable + s * entrySize));
            if (Read32(span, header + 4) != ShtGnuVerneed) continue;
            int offset = checked((int)Read64(span, header + 0x18));
            int link = (int)Read32(span, header + 0x28);
            int strings = checked((int)Read64(span, checked((int)(sectionTable + link * entrySize)) + 0x18));
            int need = offset;
            while (true)
            {
                int auxCount = Read16(span, need + 2);
                int aux = need + (int)Read32(span, need + 8);
                for (int a = 0; a < auxCount; a++)
                {
                    int nameOffset = strings + (int)Read32(span, aux + 8);
                    int end = span[nameOffset..].IndexOf((byte)0);
                    if (Encoding.ASCII.GetString(span.Slice(nameOffset, end)) == version)
                    {
                        ushort flags = Read16(span, aux + 4);
                        if ((flags & VerFlagWeak) == 0)
                        {
                            Write16(span, aux + 4, (ushort)(flags | VerFlagWeak));
                            changed++;
                        }
                    }
                    uint nextAux = Read32(span, aux + 12);
                    if (nextAux == 0) break;
                    aux += (int)nextAux;
                }
                uint next = Read32(span, need + 12);
                if (next == 0) break;
                need += (int)next;
            }
        }
        if (changed > 0)
        {
            string temporary = path + ".patching";
            File.WriteAllBytes(temporary, elf);
            File.Move(temporary, path, overwrite: true);
        }
        return changed;
    }

    private static ushort Read16(ReadOnlySpan<byte> b, int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(b[at..]);
    private static uint Read32(ReadOnlySpan<byte> b, int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(b[at..]);
    private static ulong Read64(ReadOnlySpan<byte> b, int at) => System.Buffers.Binary.BinaryPrimitives.ReadUInt64LittleEndian(b[at..]);
    private static void Write16(Span<byte> b, int at, ushort v) => System.Buffers.Binary.BinaryPrimitives.WriteUInt16LittleEndian(b[at..], v);
}
