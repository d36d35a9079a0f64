using KerasStyle.DistributedChecks;

// Run by the MPI tests under mpirun (each rank runs this program); see test/Microsoft.ML.KerasStyle.Tests/Distribution.
//   equivalence DIR        2 ranks x batch 16 against 1 process x batch 32, for several models and optimizers
//   callbacks DIR          rank-0-only files and progress, global EarlyStopping, BackupAndRestore
//   fail                   rank 1 throws inside Fit: the job must end on every rank
//   different-data         the ranks make different random data: a clear error on every rank
return args switch
{
    ["equivalence", var directory] => Equivalence.Run(directory),
    ["callbacks", var directory] => CallbackChecks.Run(directory),
    ["fail"] => FailureChecks.RankThrows(),
    ["different-data"] => FailureChecks.DifferentData(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: KerasStyle.DistributedChecks equivalence DIR | callbacks DIR | fail | different-data");
    return 2;
}
