// MSBuild inline task (RoslynCodeTaskFactory, compiled against netstandard2.0) used by TorchSharpGlibcxxFix.targets.
//
// TorchSharp's native libLibTorchSharp.so is linked against GCC 13's libstdc++ and therefore lists a
// GLIBCXX_3.4.32 version requirement, which older systems (Debian 12, Ubuntu 22.04, RHEL 9) do not provide, so
// the first torch call fails to load the library. The only symbol bound to that version,
// _ZSt21ios_base_library_initv, is used by no relocation, so marking the requirement weak (VER_FLG_WEAK in the
// Vernaux entry of the SHT_GNU_verneed section) lets glibc load the library without it.
//
// Only copies in output folders are patched, never the NuGet cache: the patched bytes go to a new temporary file
// beside the target that is then renamed over it (so a hard or symbolic link into the cache is replaced, not written
// through), and the original timestamp is kept so that MSBuild's incremental copy (same size and time) does not
// copy the unpatched file again.

using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;

public class WeakenGlibcxxVersion : Task
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    /// <summary>Folders searched recursively for <see cref="FileName"/> (missing ones are skipped).</summary>
    [Required]
    public string[] Directories { get; set; } = new string[0];

    /// <summary>The native library to patch.</summary>
    public string FileName { get; set; } = "libLibTorchSharp.so";

    /// <summary>The version requirement to mark weak.</summary>
    public string VersionName { get; set; } = "GLIBCXX_3.4.32";

    /// <summary>Patch even when the system libstdc++ provides the version (e.g. publishing for older machines).</summary>
    public bool Always { get; set; }

    /// <summary>How many files were patched by this call.</summary>
    [Output]
    public int PatchedCount { get; set; }

    public override bool Execute()
    {
        if (!Always)
        {
            if (!RuntimeInformation.IsOSPlatform(OSPlatform.Linux))
            {
                return true;
            }

            string libstdcxx = FindSystemLibStdCxx();
            if (libstdcxx != null && FileContains(libstdcxx, VersionName))
            {
                Log.LogMessage(MessageImportance.Low,
                    "TorchSharpGlibcxxFix: {0} provides {1}; nothing to patch.", libstdcxx, VersionName);
                return true;
            }
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        int alreadyWeak = 0;
        foreach (string directory in Directories)
        {
            if (string.IsNullOrWhiteSpace(directory) || !Directory.Exists(directory))
            {
                continue;
            }

            string[] files;
            try
            {
                files = Directory.GetFiles(directory, FileName, SearchOption.AllDirectories);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                Log.LogWarning(null, "TSGLIBCXX003", null, directory, 0, 0, 0, 0,
                    "TorchSharpGlibcxxFix: cannot search '{0}' for {1}: {2}", directory, FileName, ex.Message);
                continue;
            }

            foreach (string file in files)
            {
                if (!seen.Add(Path.GetFullPath(file)))
                {
                    continue;
                }

                switch (PatchFile(file))
                {
                    case Result.Patched:
                        PatchedCount++;
                        break;
                    case Result.AlreadyWeak:
                        alreadyWeak++;
                        break;
                }
            }
        }

        Log.LogMessage(PatchedCount > 0 ? MessageImportance.High : MessageImportance.Normal,
            "TorchSharpGlibcxxFix: marked {0} weak in {1} {2} file(s) ({3} already weak) under {4}",
            VersionName, PatchedCount, FileName, alreadyWeak, string.Join(";", Directories));
        return !Log.HasLoggedErrors;
    }

    private enum Result { Patched, AlreadyWeak, Skipped }

    private Result PatchFile(string path)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            Log.LogWarning(null, "TSGLIBCXX003", null, path, 0, 0, 0, 0,
                "TorchSharpGlibcxxFix: cannot read '{0}': {1}", path, ex.Message);
            return Result.Skipped;
        }

        long flagsOffset;
        string problem = FindVernauxFlags(data, VersionName, out flagsOffset);
        if (problem != null)
        {
            Log.LogWarning(null, "TSGLIBCXX001", null, path, 0, 0, 0, 0,
                "TorchSharpGlibcxxFix: '{0}' was not patched: {1}. If it fails to load with \"version `{2}' not found\", " +
                "this fix no longer matches the TorchSharp native library; set DisableTorchSharpGlibcxxFix=true to silence this warning.",
                path, problem, VersionName);
            return Result.Skipped;
        }

        ushort flags = ReadU16(data, flagsOffset);
        if ((flags & VerFlgWeak) != 0)
        {
            return Result.AlreadyWeak;
        }

        WriteU16(data, flagsOffset, (ushort)(flags | VerFlgWeak));

        string temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            DateTime lastWrite = GetLastWriteTimeUtcOfTarget(path);
            // File.Copy gives the new file the same permissions (the library is executable); it is a new inode,
            // never a link to the source, so writing to it cannot reach the NuGet cache.
            File.Copy(path, temp, overwrite: true);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.Write, FileShare.None))
            {
                stream.Position = flagsOffset;
                stream.Write(data, (int)flagsOffset, 2);
            }

            File.SetLastWriteTimeUtc(temp, lastWrite);
            // rename(2) over the target: netstandard2.0 has no File.Move overload that overwrites.
            File.Replace(temp, path, null);
            Log.LogMessage(MessageImportance.Low, "TorchSharpGlibcxxFix: patched '{0}'.", path);
            return Result.Patched;
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is PlatformNotSupportedException)
        {
            Log.LogWarning(null, "TSGLIBCXX003", null, path, 0, 0, 0, 0,
                "TorchSharpGlibcxxFix: cannot write '{0}': {1}", path, ex.Message);
            return Result.Skipped;
        }
        finally
        {
            try
            {
                if (File.Exists(temp))
                {
                    File.Delete(temp);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// Finds the file offset of vna_flags of the Vernaux entry named <paramref name="versionName"/>;
    /// returns null on success or a description of why it was not found.
    /// </summary>
    private static string FindVernauxFlags(byte[] data, string versionName, out long flagsOffset)
    {
        flagsOffset = -1;
        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            return "it is not an ELF file";
        }

        if (data[4] != 2 || data[5] != 1)
        {
            return "it is not a 64-bit little-endian ELF file";
        }

        ulong shoff = ReadU64(data, 0x28);
        ushort shentsize = ReadU16(data, 0x3A);
        ushort shnum = ReadU16(data, 0x3C);
        if (shoff == 0 || shnum == 0 || shentsize < 64 || !InRange(data, shoff, (ulong)shnum * shentsize))
        {
            return "its section header table is missing or invalid";
        }

        byte[] wanted = Encoding.ASCII.GetBytes(versionName);
        bool sawVerneed = false;
        for (int i = 0; i < shnum; i++)
        {
            long sh = (long)shoff + (long)i * shentsize;
            if (ReadU32(data, sh + 4) != ShtGnuVerneed)
            {
                continue;
            }

            sawVerneed = true;
            ulong offset = ReadU64(data, sh + 24);
            ulong size = ReadU64(data, sh + 32);
            uint link = ReadU32(data, sh + 40);
            uint count = ReadU32(data, sh + 44);
            if (!InRange(data, offset, size) || link >= shnum)
            {
                return "its SHT_GNU_verneed section is invalid";
            }

            long strtab = (long)shoff + (long)link * shentsize;
            ulong strOffset = ReadU64(data, strtab + 24);
            ulong strSize = ReadU64(data, strtab + 32);
            if (!InRange(data, strOffset, strSize))
            {
                return "the string table of its SHT_GNU_verneed section is invalid";
            }

            ulong verneed = offset;
            for (uint n = 0; n < count; n++)
            {
                if (verneed + 16 > offset + size)
                {
                    return "its SHT_GNU_verneed section is truncated";
                }

                ushort auxCount = ReadU16(data, (long)verneed + 2);
                uint auxOffset = ReadU32(data, (long)verneed + 8);
                uint next = ReadU32(data, (long)verneed + 12);
                ulong aux = verneed + auxOffset;
                for (ushort a = 0; a < auxCount; a++)
                {
                    if (aux + 16 > offset + size)
                    {
                        return "its SHT_GNU_verneed section is truncated";
                    }

                    uint name = ReadU32(data, (long)aux + 8);
                    if (name < strSize && NameEquals(data, (long)(strOffset + name), (long)(strOffset + strSize), wanted))
                    {
                        flagsOffset = (long)aux + 4;
                        return null;
                    }

                    uint auxNext = ReadU32(data, (long)aux + 12);
                    if (auxNext == 0)
                    {
                        break;
                    }

                    aux += auxNext;
                }

                if (next == 0)
                {
                    break;
                }

                verneed += next;
            }
        }

        return sawVerneed
            ? "it has no " + versionName + " version requirement"
            : "it has no SHT_GNU_verneed section";
    }

    private static bool NameEquals(byte[] data, long start, long end, byte[] wanted)
    {
        if (start + wanted.Length >= end)
        {
            return false;
        }

        for (int i = 0; i < wanted.Length; i++)
        {
            if (data[start + i] != wanted[i])
            {
                return false;
            }
        }

        return data[start + wanted.Length] == 0;
    }

    private static string FindSystemLibStdCxx()
    {
        string multiarch = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "aarch64-linux-gnu" : "x86_64-linux-gnu";
        string[] directories =
        {
            "/lib/" + multiarch, "/usr/lib/" + multiarch, "/lib64", "/usr/lib64", "/lib", "/usr/lib",
        };
        foreach (string directory in directories)
        {
            string candidate = Path.Combine(directory, "libstdc++.so.6");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>The modification time of the file itself, following a symbolic link (as the Copy task compares it).</summary>
    private static DateTime GetLastWriteTimeUtcOfTarget(string path)
    {
        var info = new FileInfo(path);
        if ((info.Attributes & FileAttributes.ReparsePoint) != 0)
        {
            // FileSystemInfo.ResolveLinkTarget(bool) exists at run time (.NET 6+), not in netstandard2.0.
            var resolve = typeof(FileSystemInfo).GetMethod("ResolveLinkTarget", new[] { typeof(bool) });
            if (resolve != null && resolve.Invoke(info, new object[] { true }) is FileSystemInfo target && target.Exists)
            {
                return target.LastWriteTimeUtc;
            }
        }

        return info.LastWriteTimeUtc;
    }

    private static bool FileContains(string path, string text)
    {
        byte[] data;
        try
        {
            data = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
        {
            return false;
        }

        byte[] wanted = Encoding.ASCII.GetBytes(text + "\0");
        for (int i = 0; i + wanted.Length <= data.Length; i++)
        {
            if (data[i] != wanted[0])
            {
                continue;
            }

            int j = 1;
            while (j < wanted.Length && data[i + j] == wanted[j])
            {
                j++;
            }

            if (j == wanted.Length)
            {
                return true;
            }
        }

        return false;
    }

    private static bool InRange(byte[] data, ulong offset, ulong length)
    {
        return offset <= (ulong)data.Length && length <= (ulong)data.Length - offset;
    }

    private static ushort ReadU16(byte[] data, long offset)
    {
        return (ushort)(data[offset] | (data[offset + 1] << 8));
    }

    private static uint ReadU32(byte[] data, long offset)
    {
        return (uint)(data[offset] | (data[offset + 1] << 8) | (data[offset + 2] << 16) | (data[offset + 3] << 24));
    }

    private static ulong ReadU64(byte[] data, long offset)
    {
        return ReadU32(data, offset) | ((ulong)ReadU32(data, offset + 4) << 32);
    }

    private static void WriteU16(byte[] data, long offset, ushort value)
    {
        data[offset] = (byte)value;
        data[offset + 1] = (byte)(value >> 8);
    }
}
