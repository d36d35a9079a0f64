using Microsoft.ML.KerasStyle.Utils;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Microsoft.ML.KerasStyle.Tests.Utils;

/// <summary>
/// Golden tests for the Keras 3 <c>model.summary()</c> text. Goldens marked "real" are outputs of Keras 3
/// (with rich) as printed in public notebooks and books; the others were worked out by hand from Keras's
/// <c>print_summary</c> column rules and rich's table layout (see <c>SummaryTable</c>).
/// </summary>
[TestClass]
public sealed class SummaryTableTests
{
    // Real Keras 3 output: Sequential([Dense(64, relu), Dense(10, softmax)]) built on (None, 3), in a terminal
    // of at least 92 columns (line length 88).
    private static readonly string Sequential906Width88 = Lines(
        "Model: \"sequential_1\"",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
        "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
        "│ dense_2 (Dense)                      │ (None, 64)                  │             256 │",
        "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
        "│ dense_3 (Dense)                      │ (None, 10)                  │             650 │",
        "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
        " Total params: 906 (3.54 KB)",
        " Trainable params: 906 (3.54 KB)",
        " Non-trainable params: 0 (0.00 B)");

    // Real Keras 3 output of the same model in an 84-column terminal (line length 80).
    private static readonly string Sequential906Width80 = Lines(
        "Model: \"sequential_1\"",
        "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
        "┃ Layer (type)                      ┃ Output Shape             ┃       Param # ┃",
        "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
        "│ dense_2 (Dense)                   │ (None, 64)               │           256 │",
        "├───────────────────────────────────┼──────────────────────────┼───────────────┤",
        "│ dense_3 (Dense)                   │ (None, 10)               │           650 │",
        "└───────────────────────────────────┴──────────────────────────┴───────────────┘",
        " Total params: 906 (3.54 KB)",
        " Trainable params: 906 (3.54 KB)",
        " Non-trainable params: 0 (0.00 B)");

    [TestMethod]
    public void Sequential906_Width88_MatchesRealKeras3Output()
    {
        var text = SummaryTable.Render("sequential_1", Dense906("dense_2", "dense_3"), sequentialLike: true,
            trainableParams: 906, nonTrainableParams: 0, trainableBytes: 3624, nonTrainableBytes: 0, lineLength: 88);

        Assert.AreEqual(Sequential906Width88, text);
    }

    [TestMethod]
    public void Sequential906_Width80_MatchesRealKeras3Output()
    {
        var text = SummaryTable.Render("sequential_1", Dense906("dense_2", "dense_3"), sequentialLike: true,
            trainableParams: 906, nonTrainableParams: 0, trainableBytes: 3624, nonTrainableBytes: 0, lineLength: 80);

        Assert.AreEqual(Sequential906Width80, text);
    }

    [TestMethod]
    public void Sequential906_CjkNames_StayAlignedByDisplayWidth()
    {
        // Worked by hand: 輸入層 is 6 cells wide, so "輸入層 (Dense)" (14 cells) gets 22 spaces in the 36-cell column.
        var expected = Lines(
            "Model: \"my_model\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
            "│ 輸入層 (Dense)                       │ (None, 64)                  │             256 │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│ 輸出層 (Dense)                       │ (None, 10)                  │             650 │",
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
            " Total params: 906 (3.54 KB)",
            " Trainable params: 906 (3.54 KB)",
            " Non-trainable params: 0 (0.00 B)");

        var text = SummaryTable.Render("my_model", Dense906("輸入層", "輸出層"), sequentialLike: true,
            trainableParams: 906, nonTrainableParams: 0, trainableBytes: 3624, nonTrainableBytes: 0, lineLength: 88);

        Assert.AreEqual(expected, text);
        AssertTableLinesHaveWidth(text, 88);
    }

    [TestMethod]
    public void CjkNameLongerThanColumn_IsCutOnACellBoundaryWithEllipsis()
    {
        // Worked by hand: the 42-cell word is cut to 35 cells; the 18th character would straddle the edge, so a
        // space takes its first cell, then the ellipsis; "(Dense)" wraps to the next line.
        var expected = Lines(
            "Model: \"my_model\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
            "│ 輸入層輸入層輸入層輸入層輸入層輸入 … │ (None, 64)                  │             256 │",
            "│ (Dense)                              │                             │                 │",
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
            " Total params: 256 (1.00 KB)",
            " Trainable params: 256 (1.00 KB)",
            " Non-trainable params: 0 (0.00 B)");
        var rows = new[] { Row("輸入層輸入層輸入層輸入層輸入層輸入層輸入層", "Dense", "(None, 64)", "256") };

        var text = SummaryTable.Render("my_model", rows, sequentialLike: true,
            trainableParams: 256, nonTrainableParams: 0, trainableBytes: 1024, nonTrainableBytes: 0, lineLength: 88);

        Assert.AreEqual(expected, text);
        AssertTableLinesHaveWidth(text, 88);
    }

    [TestMethod]
    public void TicketModel_HasConnectedToColumn_WithOneEntryPerLine()
    {
        // Worked by hand: line length 108, positions 0.3/0.56/0.74/1.0 give 32/28/19/29 cells; with padding
        // (34/30/21/31) the table is 13 cells too wide and rich takes 3/3/4/3 off. "title[0][0], text_body[0][0],
        // tags[0][0]" wraps at the spaces in the 26-cell column.
        var expected = Lines(
            "Model: \"ticket_classifier\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
            "│ title (InputLayer)            │ (None, 10000)             │               0 │ -                          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ text_body (InputLayer)        │ (None, 10000)             │               0 │ -                          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ tags (InputLayer)             │ (None, 100)               │               0 │ -                          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ concatenate (Concatenate)     │ (None, 20100)             │               0 │ title[0][0],               │",
            "│                               │                           │                 │ text_body[0][0],           │",
            "│                               │                           │                 │ tags[0][0]                 │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ dense (Dense)                 │ (None, 64)                │       1,286,464 │ concatenate[0][0]          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ priority (Dense)              │ (None, 1)                 │              65 │ dense[0][0]                │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ department (Dense)            │ (None, 4)                 │             260 │ dense[0][0]                │",
            "└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘",
            " Total params: 1,286,789 (4.91 MB)",
            " Trainable params: 1,286,789 (4.91 MB)",
            " Non-trainable params: 0 (0.00 B)");
        var rows = new[]
        {
            Row("title", "InputLayer", "(None, 10000)", "0"),
            Row("text_body", "InputLayer", "(None, 10000)", "0"),
            Row("tags", "InputLayer", "(None, 100)", "0"),
            Row("concatenate", "Concatenate", "(None, 20100)", "0", "title[0][0]", "text_body[0][0]", "tags[0][0]"),
            Row("dense", "Dense", "(None, 64)", "1,286,464", "concatenate[0][0]"),
            Row("priority", "Dense", "(None, 1)", "65", "dense[0][0]"),
            Row("department", "Dense", "(None, 4)", "260", "dense[0][0]"),
        };

        var text = SummaryTable.Render("ticket_classifier", rows, sequentialLike: false,
            trainableParams: 1_286_789, nonTrainableParams: 0, trainableBytes: 1_286_789 * 4, nonTrainableBytes: 0,
            lineLength: 108);

        Assert.AreEqual(expected, text);
        AssertTableLinesHaveWidth(text, 108);
    }

    [TestMethod]
    public void Functional_Width108_MatchesRealKeras3Output()
    {
        // Real Keras 3 output (bidirectional LSTM on frozen Word2Vec embeddings), line length 108.
        var expected = Lines(
            "Model: \"functional\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
            "│ input_layer (InputLayer)      │ (None, None)              │               0 │ -                          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ embedding (Embedding)         │ (None, None, 300)         │       6,000,000 │ input_layer[0][0]          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ not_equal (NotEqual)          │ (None, None)              │               0 │ input_layer[0][0]          │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ bidirectional (Bidirectional) │ (None, 64)                │          85,248 │ embedding[0][0],           │",
            "│                               │                           │                 │ not_equal[0][0]            │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ dropout (Dropout)             │ (None, 64)                │               0 │ bidirectional[0][0]        │",
            "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
            "│ dense (Dense)                 │ (None, 1)                 │              65 │ dropout[0][0]              │",
            "└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘",
            " Total params: 6,085,313 (23.21 MB)",
            " Trainable params: 85,313 (333.25 KB)",
            " Non-trainable params: 6,000,000 (22.89 MB)");
        var rows = new[]
        {
            Row("input_layer", "InputLayer", "(None, None)", "0", "-"),
            Row("embedding", "Embedding", "(None, None, 300)", "6,000,000", "input_layer[0][0]"),
            Row("not_equal", "NotEqual", "(None, None)", "0", "input_layer[0][0]"),
            Row("bidirectional", "Bidirectional", "(None, 64)", "85,248", "embedding[0][0]", "not_equal[0][0]"),
            Row("dropout", "Dropout", "(None, 64)", "0", "bidirectional[0][0]"),
            Row("dense", "Dense", "(None, 1)", "65", "dropout[0][0]"),
        };

        var text = SummaryTable.Render("functional", rows, sequentialLike: false,
            trainableParams: 85_313, nonTrainableParams: 6_000_000, trainableBytes: 85_313 * 4,
            nonTrainableBytes: 6_000_000 * 4, lineLength: 108);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    public void Functional_Width76_WrapsAndEllipsizes_MatchesRealKeras3Output()
    {
        // Real Keras 3 output in a notebook (line length 76, the default where the terminal width is unknown):
        // names wrap at the space before "(ClassName)", words longer than a column end in "…". The source
        // omitted the model line, so the comparison starts at the table.
        var expected = Lines(
            "┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩",
            "│ input_layer         │ (None, 20, 312)   │          0 │ -                 │",
            "│ (InputLayer)        │                   │            │                   │",
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
            "│ bidirectional       │ (None, 20, 256)   │    451,584 │ input_layer[0][0] │",
            "│ (Bidirectional)     │                   │            │                   │",
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
            "│ dropout (Dropout)   │ (None, 20, 256)   │          0 │ bidirectional[0]… │",
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
            "│ global_average_poo… │ (None, 256)       │          0 │ dropout[0][0]     │",
            "│ (GlobalAveragePool… │                   │            │                   │",
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
            "│ dropout_1 (Dropout) │ (None, 256)       │          0 │ global_average_p… │",
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
            "│ slot_output         │ (None, 20, 53)    │     13,621 │ dropout[0][0]     │",
            "│ (TimeDistributed)   │                   │            │                   │",
            "├─────────────────────┼───────────────────┼────────────┼───────────────────┤",
            "│ action_output       │ (None, 24)        │      6,168 │ dropout_1[0][0]   │",
            "│ (Dense)             │                   │            │                   │",
            "└─────────────────────┴───────────────────┴────────────┴───────────────────┘",
            " Total params: 471,373 (1.80 MB)",
            " Trainable params: 471,373 (1.80 MB)",
            " Non-trainable params: 0 (0.00 B)");
        var rows = new[]
        {
            Row("input_layer", "InputLayer", "(None, 20, 312)", "0"),
            Row("bidirectional", "Bidirectional", "(None, 20, 256)", "451,584", "input_layer[0][0]"),
            Row("dropout", "Dropout", "(None, 20, 256)", "0", "bidirectional[0][0]"),
            Row("global_average_pooling1d", "GlobalAveragePooling1D", "(None, 256)", "0", "dropout[0][0]"),
            Row("dropout_1", "Dropout", "(None, 256)", "0", "global_average_pooling1d[0][0]"),
            Row("slot_output", "TimeDistributed", "(None, 20, 53)", "13,621", "dropout[0][0]"),
            Row("action_output", "Dense", "(None, 24)", "6,168", "dropout_1[0][0]"),
        };

        var text = SummaryTable.Render("functional", rows, sequentialLike: false,
            trainableParams: 471_373, nonTrainableParams: 0, trainableBytes: 471_373 * 4, nonTrainableBytes: 0,
            lineLength: 76);

        Assert.AreEqual("Model: \"functional\"\n" + expected, text);
    }

    [TestMethod]
    public void UnbuiltLayers_Width88_MatchesRealKeras3Output()
    {
        // Real Keras 3 output: Sequential without an Input, never built.
        var expected = Lines(
            "Model: \"sequential_2\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
            "│ embedding_1 (Embedding)              │ ?                           │     0 (unbuilt) │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│ lstm (LSTM)                          │ ?                           │     0 (unbuilt) │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│ dense_2 (Dense)                      │ ?                           │     0 (unbuilt) │",
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
            " Total params: 0 (0.00 B)",
            " Trainable params: 0 (0.00 B)",
            " Non-trainable params: 0 (0.00 B)");
        var rows = new[]
        {
            Row("embedding_1", "Embedding", SummaryRow.UnknownShape, SummaryRow.FormatParamCount(0, built: false)),
            Row("lstm", "LSTM", SummaryRow.UnknownShape, SummaryRow.FormatParamCount(0, built: false)),
            Row("dense_2", "Dense", SummaryRow.UnknownShape, SummaryRow.FormatParamCount(0, built: false)),
        };

        var text = SummaryTable.Render("sequential_2", rows, sequentialLike: true,
            trainableParams: 0, nonTrainableParams: 0, trainableBytes: 0, nonTrainableBytes: 0, lineLength: 88);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    public void UnbuiltLayers_Width76_MatchesRealKeras3Output()
    {
        // Real Keras 3 output: Dropout has no weights and counts as built, so it shows a plain 0.
        var expected = Lines(
            "Model: \"sequential_6\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
            "│ embedding_6 (Embedding)         │ ?                      │   0 (unbuilt) │",
            "├─────────────────────────────────┼────────────────────────┼───────────────┤",
            "│ lstm_6 (LSTM)                   │ ?                      │   0 (unbuilt) │",
            "├─────────────────────────────────┼────────────────────────┼───────────────┤",
            "│ dense_12 (Dense)                │ ?                      │   0 (unbuilt) │",
            "├─────────────────────────────────┼────────────────────────┼───────────────┤",
            "│ dropout_6 (Dropout)             │ ?                      │             0 │",
            "├─────────────────────────────────┼────────────────────────┼───────────────┤",
            "│ dense_13 (Dense)                │ ?                      │   0 (unbuilt) │",
            "└─────────────────────────────────┴────────────────────────┴───────────────┘",
            " Total params: 0 (0.00 B)",
            " Trainable params: 0 (0.00 B)",
            " Non-trainable params: 0 (0.00 B)");
        var rows = new[]
        {
            Row("embedding_6", "Embedding", "?", "0 (unbuilt)"),
            Row("lstm_6", "LSTM", "?", "0 (unbuilt)"),
            Row("dense_12", "Dense", "?", "0 (unbuilt)"),
            Row("dropout_6", "Dropout", "?", SummaryRow.FormatParamCount(0, built: true)),
            Row("dense_13", "Dense", "?", "0 (unbuilt)"),
        };

        var text = SummaryTable.Render("sequential_6", rows, sequentialLike: true,
            trainableParams: 0, nonTrainableParams: 0, trainableBytes: 0, nonTrainableBytes: 0, lineLength: 76);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    public void ShowTrainable_Width76_MatchesRealKeras3Output()
    {
        // Real Keras 3 output of summary(show_trainable=True) in a notebook: the header "Trainable" does not fit
        // its 5-cell column and is cut to "Trai…"; Y/N/- are centered.
        var expected = Lines(
            "Model: \"functional\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓",
            "┃ Layer (type)                ┃ Output Shape          ┃    Param # ┃ Trai… ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩",
            "│ input_layer (InputLayer)    │ (None, 500, 1)        │          0 │   -   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ conv1d (Conv1D)             │ (None, 500, 64)       │        256 │   Y   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ batch_normalization         │ (None, 500, 64)       │        256 │   Y   │",
            "│ (BatchNormalization)        │                       │            │       │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ re_lu (ReLU)                │ (None, 500, 64)       │          0 │   -   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ conv1d_1 (Conv1D)           │ (None, 500, 64)       │     12,352 │   Y   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ batch_normalization_1       │ (None, 500, 64)       │        256 │   Y   │",
            "│ (BatchNormalization)        │                       │            │       │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ re_lu_1 (ReLU)              │ (None, 500, 64)       │          0 │   -   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ conv1d_2 (Conv1D)           │ (None, 500, 64)       │     12,352 │   Y   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ batch_normalization_2       │ (None, 500, 64)       │        256 │   Y   │",
            "│ (BatchNormalization)        │                       │            │       │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ re_lu_2 (ReLU)              │ (None, 500, 64)       │          0 │   -   │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ global_average_pooling1d    │ (None, 64)            │          0 │   -   │",
            "│ (GlobalAveragePooling1D)    │                       │            │       │",
            "├─────────────────────────────┼───────────────────────┼────────────┼───────┤",
            "│ dense (Dense)               │ (None, 2)             │        130 │   Y   │",
            "└─────────────────────────────┴───────────────────────┴────────────┴───────┘",
            " Total params: 25,858 (101.01 KB)",
            " Trainable params: 25,474 (99.51 KB)",
            " Non-trainable params: 384 (1.50 KB)");
        var rows = new[]
        {
            Row("input_layer", "InputLayer", "(None, 500, 1)", "0") with { Trainable = null },
            Row("conv1d", "Conv1D", "(None, 500, 64)", "256") with { Trainable = true },
            Row("batch_normalization", "BatchNormalization", "(None, 500, 64)", "256") with { Trainable = true },
            Row("re_lu", "ReLU", "(None, 500, 64)", "0"),
            Row("conv1d_1", "Conv1D", "(None, 500, 64)", "12,352") with { Trainable = true },
            Row("batch_normalization_1", "BatchNormalization", "(None, 500, 64)", "256") with { Trainable = true },
            Row("re_lu_1", "ReLU", "(None, 500, 64)", "0"),
            Row("conv1d_2", "Conv1D", "(None, 500, 64)", "12,352") with { Trainable = true },
            Row("batch_normalization_2", "BatchNormalization", "(None, 500, 64)", "256") with { Trainable = true },
            Row("re_lu_2", "ReLU", "(None, 500, 64)", "0"),
            Row("global_average_pooling1d", "GlobalAveragePooling1D", "(None, 64)", "0"),
            Row("dense", "Dense", "(None, 2)", "130") with { Trainable = true },
        };

        var text = SummaryTable.Render("functional", rows, sequentialLike: true,
            trainableParams: 25_474, nonTrainableParams: 384, trainableBytes: 25_474 * 4, nonTrainableBytes: 384 * 4,
            lineLength: 76, showTrainable: true);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    public void ShowTrainable_FrozenLayerPrintsN()
    {
        var rows = new[] { Row("dense", "Dense", "(None, 2)", "130") with { Trainable = false } };

        var text = SummaryTable.Render("m", rows, sequentialLike: true,
            trainableParams: 0, nonTrainableParams: 130, trainableBytes: 0, nonTrainableBytes: 520,
            lineLength: 76, showTrainable: true);

        // Worked by hand: the 5-cell centered column holds "N" with 2 spaces on each side, plus the padding.
        StringAssert.Contains(text, "│        130 │   N   │\n");
    }

    [TestMethod]
    public void ExpandNested_IndentsNestedLayersWithCornerPrefix()
    {
        // Worked by hand: depth d adds 3*d spaces and "└ " before the name; rich breaks lines only at
        // whitespace, so the 35-character name of the depth-2 layer goes to a line of its own.
        var expected = Lines(
            "Model: \"outer\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
            "│ encoder (Sequential)                 │ (None, 10)                  │             906 │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│    └ dense (Dense)                   │ (None, 64)                  │             256 │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│    └ dense_1 (Dense)                 │ (None, 10)                  │             650 │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│       └                              │ (None, 10)                  │             110 │",
            "│ a_very_long_layer_name_for_wrapping  │                             │                 │",
            "│ (Dense)                              │                             │                 │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│ dense_2 (Dense)                      │ (None, 1)                   │              11 │",
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
            " Total params: 1,027 (4.01 KB)",
            " Trainable params: 1,027 (4.01 KB)",
            " Non-trainable params: 0 (0.00 B)");
        var rows = new[]
        {
            Row("encoder", "Sequential", "(None, 10)", "906"),
            Row("dense", "Dense", "(None, 64)", "256") with { Depth = 1 },
            Row("dense_1", "Dense", "(None, 10)", "650") with { Depth = 1 },
            Row("a_very_long_layer_name_for_wrapping", "Dense", "(None, 10)", "110") with { Depth = 2 },
            Row("dense_2", "Dense", "(None, 1)", "11"),
        };

        var text = SummaryTable.Render("outer", rows, sequentialLike: true,
            trainableParams: 1_027, nonTrainableParams: 0, trainableBytes: 4_108, nonTrainableBytes: 0, lineLength: 88);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    public void CompiledModel_AddsOptimizerParamsToTotal()
    {
        // Worked by hand: Adam keeps two slots per weight (1,812) plus iterations and learning_rate; memory is
        // 1,812 * 4 + 8 (int64) + 4 = 7,260 bytes.
        var expected = Lines(
            "Model: \"sequential\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
            "│ dense (Dense)                        │ (None, 64)                  │             256 │",
            "├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤",
            "│ dense_1 (Dense)                      │ (None, 10)                  │             650 │",
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
            " Total params: 2,720 (10.63 KB)",
            " Trainable params: 906 (3.54 KB)",
            " Non-trainable params: 0 (0.00 B)",
            " Optimizer params: 1,814 (7.09 KB)");

        var text = SummaryTable.Render("sequential", Dense906("dense", "dense_1"), sequentialLike: true,
            trainableParams: 906, nonTrainableParams: 0, trainableBytes: 3624, nonTrainableBytes: 0,
            optimizerParams: 1_814, optimizerBytes: 7_260, lineLength: 88);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    public void EmptyModel_DrawsHeaderAndFrameOnly()
    {
        var expected = Lines(
            "Model: \"empty\"",
            "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
            "┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃",
            "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
            "└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘",
            " Total params: 0 (0.00 B)",
            " Trainable params: 0 (0.00 B)",
            " Non-trainable params: 0 (0.00 B)");

        var text = SummaryTable.Render("empty", [], sequentialLike: true,
            trainableParams: 0, nonTrainableParams: 0, trainableBytes: 0, nonTrainableBytes: 0, lineLength: 88);

        Assert.AreEqual(expected, text);
    }

    [TestMethod]
    [DataRow(0L, "0.00 B")]
    [DataRow(1023L, "1023.00 B")]
    [DataRow(1024L, "1.00 KB")]
    [DataRow(1152L, "1.12 KB")] // exactly 1.125: Python rounds half to even
    [DataRow(3624L, "3.54 KB")]
    [DataRow(341_252L, "333.25 KB")]
    [DataRow(1_048_575L, "1024.00 KB")]
    [DataRow(1_885_492L, "1.80 MB")]
    [DataRow(5_147_156L, "4.91 MB")]
    [DataRow(24_341_252L, "23.21 MB")]
    [DataRow(3_298_534_883_333L, "3.00 TB")]
    [DataRow(1_125_899_906_842_624L, "1.00 PB")]
    [DataRow(1_152_921_504_606_846_976L, "1.00 PB")] // past PB Keras divides once more and still says PB
    public void ReadableMemorySize_MatchesKeras(long bytes, string expected)
    {
        Assert.AreEqual(expected, SummaryTable.ReadableMemorySize(bytes));
    }

    [TestMethod]
    public void FormatShape_MatchesKerasFormatLayerShape()
    {
        Assert.AreEqual("(None, 64)", SummaryRow.FormatShape([[null, 64]]));
        Assert.AreEqual("(None, 128, 128, 3)", SummaryRow.FormatShape([[null, 128, 128, 3]]));
        Assert.AreEqual("(10)", SummaryRow.FormatShape([[10]]));
        Assert.AreEqual("()", SummaryRow.FormatShape([[]]));
        Assert.AreEqual("[(None, 3), (None, 4)]", SummaryRow.FormatShape([[null, 3], [null, 4]]));
        Assert.AreEqual("((None, 3), (None, 4))", SummaryRow.FormatShape([[null, 3], [null, 4]], asTuple: true));
        Assert.AreEqual("(None, None)", SummaryRow.FormatSingleShape([null, null]));
    }

    [TestMethod]
    public void FormatParamCount_UsesCommasOrUnbuilt()
    {
        Assert.AreEqual("0", SummaryRow.FormatParamCount(0, built: true));
        Assert.AreEqual("650", SummaryRow.FormatParamCount(650, built: true));
        Assert.AreEqual("1,286,789", SummaryRow.FormatParamCount(1_286_789, built: true));
        Assert.AreEqual("0 (unbuilt)", SummaryRow.FormatParamCount(0, built: false));
        Assert.AreEqual("0 (unbuilt)", SummaryRow.FormatParamCount(42, built: false));
    }

    [TestMethod]
    public void DefaultLineLength_FollowsKerasAndTerminalWidth()
    {
        Assert.AreEqual(88, SummaryTable.DefaultLineLength(sequentialLike: true, showTrainable: false, terminalColumns: 200));
        Assert.AreEqual(108, SummaryTable.DefaultLineLength(sequentialLike: false, showTrainable: false, terminalColumns: 200));
        Assert.AreEqual(100, SummaryTable.DefaultLineLength(sequentialLike: true, showTrainable: true, terminalColumns: 200));
        Assert.AreEqual(120, SummaryTable.DefaultLineLength(sequentialLike: false, showTrainable: true, terminalColumns: 200));
        Assert.AreEqual(76, SummaryTable.DefaultLineLength(sequentialLike: false, showTrainable: false, terminalColumns: 80));
        Assert.AreEqual(80, SummaryTable.DefaultLineLength(sequentialLike: true, showTrainable: false, terminalColumns: 84));
    }

    [TestMethod]
    public void DefaultLineLength_IsUsedWhenNoneIsGiven()
    {
        var expectedWidth = SummaryTable.DefaultLineLength(true, false, SummaryTable.DetectTerminalColumns());

        var text = SummaryTable.Render("sequential_1", Dense906("dense_2", "dense_3"), sequentialLike: true,
            trainableParams: 906, nonTrainableParams: 0, trainableBytes: 3624, nonTrainableBytes: 0);

        AssertTableLinesHaveWidth(text, expectedWidth);
    }

    [TestMethod]
    public void CustomPositions_AreRelativeToTheLineLength()
    {
        // Worked by hand: 0.5/0.75/1.0 of 60 give 30/15/15 cells; with padding 32+17+17 = 66 against 56, rich
        // takes 3/4/3 off (10/3 rounds to 3, 7/2 = 3.5 rounds to even 4).
        var text = SummaryTable.Render("m", Dense906("dense", "dense_1"), sequentialLike: true,
            trainableParams: 906, nonTrainableParams: 0, trainableBytes: 3624, nonTrainableBytes: 0,
            lineLength: 60, positions: [0.5, 0.75, 1.0]);

        var top = text.Split('\n')[1];
        Assert.AreEqual("┏" + new string('━', 29) + "┳" + new string('━', 13) + "┳" + new string('━', 14) + "┓", top);
    }

    [TestMethod]
    public void TooNarrowLineLength_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => SummaryTable.Render("m", Dense906("a", "b"), sequentialLike: true,
            trainableParams: 0, nonTrainableParams: 0, trainableBytes: 0, nonTrainableBytes: 0, lineLength: 10));
    }

    [TestMethod]
    [DataRow("dense (Dense)", 13)]
    [DataRow("輸入層", 6)]
    [DataRow("ｱｲｳ", 3)] // halfwidth katakana
    [DataRow("ＡＢ", 4)] // fullwidth Latin
    [DataRow("한국어", 6)]
    [DataRow("e\u0301", 1)] // combining acute accent
    [DataRow("\u2026", 1)] // ellipsis
    [DataRow("😀", 2)]
    public void TextWidth_CountsDisplayCells(string text, int cells)
    {
        Assert.AreEqual(cells, TextWidth.Of(text));
    }

    [TestMethod]
    public void TextWidth_SetCellSize_ReplacesAHalfCutWideCharacterWithASpace()
    {
        Assert.AreEqual("輸 ", TextWidth.SetCellSize("輸入層", 3));
        Assert.AreEqual("輸入", TextWidth.SetCellSize("輸入層", 4));
        Assert.AreEqual("ab   ", TextWidth.SetCellSize("ab", 5));
        Assert.AreEqual("輸入…", TextWidth.Truncate("輸入層層", 5));
        Assert.AreEqual("輸入層", TextWidth.Truncate("輸入層", 6));
    }

    private static SummaryRow Row(string name, string className, string shape, string parameters, params string[] connectedTo) =>
        new(name, className, shape, parameters, connectedTo);

    private static SummaryRow[] Dense906(string first, string second) =>
    [
        Row(first, "Dense", "(None, 64)", "256"),
        Row(second, "Dense", "(None, 10)", "650"),
    ];

    private static string Lines(params string[] lines) => string.Join("\n", lines) + "\n";

    private static void AssertTableLinesHaveWidth(string text, int width)
    {
        var tableLines = text.Split('\n').Where(line => line.Length > 0 && "┏┃┡│├└".Contains(line[0])).ToList();
        Assert.IsTrue(tableLines.Count >= 4, "The summary has no table.");
        foreach (var line in tableLines) Assert.AreEqual(width, TextWidth.Of(line), line);
    }
}
