using Microsoft.ML.KerasStyle.Callbacks;
using static Microsoft.ML.KerasStyle.Tests.Callbacks.CallbackTestModel;

namespace Microsoft.ML.KerasStyle.Tests.Callbacks;

[TestClass]
public sealed class CSVLoggerTests : KerasTestBase
{
    string directory = "";

    [TestInitialize]
    public void MakeDirectory() => directory = Directory.CreateTempSubdirectory("csv_logger_tests").FullName;

    [TestCleanup]
    public void RemoveDirectory() => Directory.Delete(directory, recursive: true);

    string PathOf(string name) => Path.Combine(directory, name);

    // Reads the file while the logger may still hold it open.
    static string Read(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }

    static void Train(CSVLogger logger, params Logs[] epochs)
    {
        logger.OnTrainBegin(new Logs());
        for (var epoch = 0; epoch < epochs.Length; epoch++) logger.OnEpochEnd(epoch, epochs[epoch]);
        logger.OnTrainEnd(new Logs());
    }

    [TestMethod]
    public void WritesSortedKeysAndValidationColumnsWhenThereAreNone()
    {
        var path = PathOf("log.csv");
        Train(new CSVLogger(path).Attach(Create()), Logs(("loss", 0.5), ("accuracy", 0.25)), Logs(("loss", 0.25), ("accuracy", 0.75)));
        // Keras: keys sorted; no val_ key in the first epoch, so val_ copies are added and filled with NA; csv rows end in \r\n.
        Assert.AreEqual("epoch,accuracy,loss,val_accuracy,val_loss\r\n" +
                        "0,0.25,0.5,NA,NA\r\n" +
                        "1,0.75,0.25,NA,NA\r\n", Read(path));
    }

    [TestMethod]
    public void ValidationKeysAreSortedWithTheOthers()
    {
        var path = PathOf("log.csv");
        Train(new CSVLogger(path).Attach(Create()),
              Logs(("loss", 0.5), ("accuracy", 0.25), ("val_loss", 0.625), ("val_accuracy", 0.125), ("Zeta", 1), ("learning_rate", 0.001)));
        // Python sorts by code point: upper case before lower case.
        Assert.AreEqual("epoch,Zeta,accuracy,learning_rate,loss,val_accuracy,val_loss\r\n" +
                        "0,1.0,0.25,0.001,0.5,0.125,0.625\r\n", Read(path));
    }

    [TestMethod]
    public void NumbersAreWrittenAsPythonWritesThem()
    {
        var path = PathOf("log.csv");
        // float(np.float32(0.1)) is what Keras logs for a float32 metric of 0.1.
        Train(new CSVLogger(path).Attach(Create()),
              Logs(("a", 1e-5), ("b", 3), ("c", double.NaN), ("d", double.PositiveInfinity), ("e", (float)0.1), ("f", 1e16), ("g", -0.0)));
        Assert.AreEqual("epoch,a,b,c,d,e,f,g,val_a,val_b,val_c,val_d,val_e,val_f,val_g\r\n" +
                        "0,1e-05,3.0,nan,inf,0.10000000149011612,1e+16,-0.0,NA,NA,NA,NA,NA,NA,NA\r\n", Read(path));
    }

    [TestMethod]
    public void ColumnsAreFixedByTheFirstEpoch()
    {
        var path = PathOf("log.csv");
        Train(new CSVLogger(path).Attach(Create()), Logs(("loss", 1), ("val_loss", 2)), Logs(("loss", 3), ("extra", 4)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,1.0,2.0\r\n1,3.0,NA\r\n", Read(path));
    }

    [TestMethod]
    public void EachEpochIsFlushed()
    {
        var path = PathOf("log.csv");
        var logger = new CSVLogger(path).Attach(Create());
        logger.OnTrainBegin(new Logs());
        logger.OnEpochEnd(0, Logs(("loss", 0.5), ("val_loss", 0.75)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,0.5,0.75\r\n", Read(path));
        logger.OnTrainEnd(new Logs());
    }

    [TestMethod]
    public void AnExistingFileIsOverwrittenByDefault()
    {
        var path = PathOf("log.csv");
        File.WriteAllText(path, "old content\n");
        Train(new CSVLogger(path).Attach(Create()), Logs(("loss", 0.5), ("val_loss", 0.75)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,0.5,0.75\r\n", Read(path));
    }

    [TestMethod]
    public void AppendContinuesAFileWithoutANewHeader()
    {
        var path = PathOf("log.csv");
        Train(new CSVLogger(path).Attach(Create()), Logs(("loss", 0.5), ("val_loss", 0.75)));
        // A second run appends its rows (epochs count from 0 again, as Keras passes them).
        Train(new CSVLogger(path, append: true).Attach(Create()), Logs(("loss", 0.25), ("val_loss", 0.5)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,0.5,0.75\r\n0,0.25,0.5\r\n", Read(path));
    }

    [TestMethod]
    public void AppendToAnEmptyOrMissingFileWritesTheHeader()
    {
        var empty = PathOf("empty.csv");
        File.WriteAllText(empty, "");
        Train(new CSVLogger(empty, append: true).Attach(Create()), Logs(("loss", 0.5), ("val_loss", 0.75)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,0.5,0.75\r\n", Read(empty));
        var missing = PathOf("missing.csv");
        Train(new CSVLogger(missing, append: true).Attach(Create()), Logs(("loss", 0.5), ("val_loss", 0.75)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,0.5,0.75\r\n", Read(missing));
    }

    [TestMethod]
    public void AnotherSeparatorQuotesFieldsThatContainIt()
    {
        var path = PathOf("log.csv");
        Train(new CSVLogger(path, separator: ";").Attach(Create()), Logs(("a;b", 0.5), ("say \"hi\"", 1.5), ("val_x", 2)));
        // Python's csv QUOTE_MINIMAL: quote fields holding the delimiter or a quote, doubling inner quotes.
        Assert.AreEqual("epoch;\"a;b\";\"say \"\"hi\"\"\";val_x\r\n0;0.5;1.5;2.0\r\n", Read(path));
    }

    [TestMethod]
    public void ReusingTheLoggerStartsTheFileAgain()
    {
        var path = PathOf("log.csv");
        var logger = new CSVLogger(path).Attach(Create());
        Train(logger, Logs(("loss", 0.5), ("val_loss", 0.75)));
        Train(logger, Logs(("loss", 0.25)), Logs(("loss", 0.125)));
        Assert.AreEqual("epoch,loss,val_loss\r\n0,0.25,NA\r\n1,0.125,NA\r\n", Read(path));
    }

    [TestMethod]
    public void BadArgumentsAreRejected()
    {
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CSVLogger("log.csv", separator: ", ")).Message,
                              "CSVLogger: separator must be a 1-character string, received ', '");
        StringAssert.Contains(Assert.ThrowsExactly<ArgumentException>(() => new CSVLogger("")).Message, "CSVLogger: filename must be a file path");
        var logger = new CSVLogger(PathOf("never.csv"));
        StringAssert.Contains(Assert.ThrowsExactly<InvalidOperationException>(() => logger.OnEpochEnd(0, new Logs())).Message,
                              "OnEpochEnd was called before OnTrainBegin opened the file");
    }
}
