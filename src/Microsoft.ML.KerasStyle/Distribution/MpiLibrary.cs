using System.Runtime.InteropServices;

namespace Microsoft.ML.KerasStyle.Distribution;

/// <summary>
/// Open MPI's C API, bound when first needed: the library is loaded by name (<c>libmpi.so.40</c> and alternatives) and
/// its functions and predefined handles (<c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_SUM</c>…, which in Open MPI are
/// the addresses of exported globals) are looked up in it. Buffers are passed as <c>ref byte</c> to their first byte
/// (tensor memory, or managed arrays, which the marshaller pins for the call). Nothing here runs in a process that does
/// not train across processes.
/// </summary>
/// <remarks>
/// MPICH and Intel MPI number their handles instead (<c>MPI_COMM_WORLD</c> is an integer there), so a library without
/// Open MPI's globals is refused with a message rather than called with wrong handles.
/// </remarks>
internal sealed class MpiLibrary
{
    /// <summary>The names tried, in order: Open MPI 3/4/5's soname, the development link, Open MPI 2, macOS.</summary>
    internal static readonly string[] Names = ["libmpi.so.40", "libmpi.so", "libmpi.so.20", "libmpi.40.dylib", "libmpi.dylib"];

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int FlagFn(out int flag);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int InitThreadFn(IntPtr argc, IntPtr argv, int required, out int provided);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int VoidFn();
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int CommIntFn(IntPtr comm, out int value);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int CommFn(IntPtr comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int AbortFn(IntPtr comm, int code);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int AllreduceFn(IntPtr send, ref byte receive, int count, IntPtr type, IntPtr op, IntPtr comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)] internal delegate int BcastFn(ref byte buffer, int count, IntPtr type, int root, IntPtr comm);
    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    internal delegate int AllgathervFn(ref byte send, int sendCount, IntPtr sendType, ref byte receive, int[] receiveCounts, int[] displacements, IntPtr receiveType, IntPtr comm);

    MpiLibrary(IntPtr handle, string name)
    {
        Name = name;
        T Function<T>(string symbol) where T : Delegate => Marshal.GetDelegateForFunctionPointer<T>(NativeLibrary.GetExport(handle, symbol));
        Initialized = Function<FlagFn>("MPI_Initialized");
        Finalized = Function<FlagFn>("MPI_Finalized");
        InitThread = Function<InitThreadFn>("MPI_Init_thread");
        Finalize = Function<VoidFn>("MPI_Finalize");
        CommRank = Function<CommIntFn>("MPI_Comm_rank");
        CommSize = Function<CommIntFn>("MPI_Comm_size");
        Barrier = Function<CommFn>("MPI_Barrier");
        Abort = Function<AbortFn>("MPI_Abort");
        Allreduce = Function<AllreduceFn>("MPI_Allreduce");
        Bcast = Function<BcastFn>("MPI_Bcast");
        Allgatherv = Function<AllgathervFn>("MPI_Allgatherv");
        CommWorld = NativeLibrary.GetExport(handle, "ompi_mpi_comm_world");
        Float = NativeLibrary.GetExport(handle, "ompi_mpi_float");
        Double = NativeLibrary.GetExport(handle, "ompi_mpi_double");
        Byte = NativeLibrary.GetExport(handle, "ompi_mpi_byte");
        Sum = NativeLibrary.GetExport(handle, "ompi_mpi_op_sum");
    }

    /// <summary>The file that was loaded.</summary>
    public string Name { get; }

    public FlagFn Initialized { get; }
    public FlagFn Finalized { get; }
    public InitThreadFn InitThread { get; }
    public VoidFn Finalize { get; }
    public CommIntFn CommRank { get; }
    public CommIntFn CommSize { get; }
    public CommFn Barrier { get; }
    public AbortFn Abort { get; }
    public AllreduceFn Allreduce { get; }
    public BcastFn Bcast { get; }
    public AllgathervFn Allgatherv { get; }

    /// <summary>Open MPI's handles: <c>MPI_COMM_WORLD</c>, <c>MPI_FLOAT</c>, <c>MPI_DOUBLE</c>, <c>MPI_BYTE</c>, <c>MPI_SUM</c>.</summary>
    public IntPtr CommWorld { get; }
    public IntPtr Float { get; }
    public IntPtr Double { get; }
    public IntPtr Byte { get; }
    public IntPtr Sum { get; }

    /// <summary>Open MPI's <c>MPI_IN_PLACE</c>: <c>(void*)1</c>.</summary>
    public static readonly IntPtr InPlace = 1;

    /// <summary>Loads the first of <see cref="Names"/> that loads; a clear error when none does or it is not Open MPI.</summary>
    /// <param name="launch">How the process was started, for the messages (e.g. <c>OMPI_COMM_WORLD_SIZE=2</c>).</param>
    /// <param name="names">The library names to try. Defaults to <see cref="Names"/>.</param>
    public static MpiLibrary Load(string launch, IReadOnlyList<string>? names = null)
    {
        var failures = new List<string>();
        foreach (var name in names ?? Names)
        {
            if (!NativeLibrary.TryLoad(name, out var handle))
            {
                failures.Add(name);
                continue;
            }
            if (!NativeLibrary.TryGetExport(handle, "ompi_mpi_comm_world", out _))
                throw new InvalidOperationException(
                    $"DataParallel: this process was started by an MPI launcher ({launch}) and '{name}' loaded, but it is not Open MPI " +
                    "(MPICH and Intel MPI number their handles differently). KerasStyle binds Open MPI 4 or later: install it " +
                    $"(apt-get install openmpi-bin) and launch with its mpirun: {Mpi.LaunchExample}.");
            return new MpiLibrary(handle, name);
        }
        throw new InvalidOperationException(
            $"DataParallel: this process was started by an MPI launcher ({launch}) but Open MPI's library could not be loaded " +
            $"(tried {string.Join(", ", failures)}). Install Open MPI (Debian/Ubuntu: apt-get install openmpi-bin; RHEL/Fedora: dnf install openmpi, " +
            $"then load its module or add its lib folder to LD_LIBRARY_PATH) and launch with: {Mpi.LaunchExample}.");
    }
}
