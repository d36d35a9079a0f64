using Microsoft.ML.KerasStyle.Optimizers;
using Mean = Microsoft.ML.KerasStyle.Metrics.Mean;
using MeanSquaredError = Microsoft.ML.KerasStyle.Losses.MeanSquaredError;
using SparseCategoricalAccuracy = Microsoft.ML.KerasStyle.Metrics.SparseCategoricalAccuracy;
using SparseCategoricalCrossentropy = Microsoft.ML.KerasStyle.Losses.SparseCategoricalCrossentropy;

namespace Microsoft.ML.KerasStyle.Tests.Training;

[TestClass]
public sealed class GradientTapeTests : KerasTestBase
{
    static double[] Doubles(Tensor t) => t.detach().to(ScalarType.Float64).contiguous().data<double>().ToArray();

    static void AssertAll(double[] expected, Tensor? actual, double tolerance, string what)
    {
        Assert.IsNotNull(actual, $"{what}: no gradient");
        var values = Doubles(actual);
        Assert.HasCount(expected.Length, values, what);
        for (var i = 0; i < expected.Length; i++)
            Assert.AreEqual(expected[i], values[i], tolerance, $"{what}[{i}]");
    }

    // ---------------------------------------------------------------- hand-derived gradients

    [TestMethod]
    public void LinearSquaredErrorGradientsMatchTheHandDerivation()
    {
        double[] xs = [1, 2, 3, 4];
        double[] ys = [3, 5, 7, 9];
        var w = new Variable("w", "w", tensor(0.5), trainable: true);
        var b = new Variable("b", "b", tensor(0.25), trainable: true);
        using var tape = new GradientTape();
        var loss = (w.Value * tensor(xs) + b.Value - tensor(ys)).square().sum();
        var gradients = tape.Gradient(loss, [w, b]);
        // L = Σ (w x + b − y)²; dL/dw = Σ 2 (w x + b − y) x; dL/db = Σ 2 (w x + b − y)
        double gw = 0, gb = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            var r = 0.5 * xs[i] + 0.25 - ys[i];
            gw += 2 * r * xs[i];
            gb += 2 * r;
        }
        Assert.HasCount(2, gradients);
        AssertAll([gw], gradients[0], 1e-12, "dL/dw");
        AssertAll([gb], gradients[1], 1e-12, "dL/db");
    }

    [TestMethod]
    public void ANonScalarTargetIsDifferentiatedAsItsSum()
    {
        var x = tensor(new double[] { 1, -2, 3 });
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x * x;
        // d/dx Σ x³ = 3x²
        AssertAll([3, 12, 27], tape.Gradient(y, x), 1e-12, "d Σx³/dx");
    }

    [TestMethod]
    public void OutputGradientsWeighTheTargetsElements()
    {
        var x = tensor(new double[] { 1, 2, 3 });
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x;
        // d/dx Σ g·x² = 2 g x with g = (1, 0.5, −1)
        var gradient = tape.Gradient(y, x, outputGradients: tensor(new float[] { 1, 0.5f, -1 }));
        AssertAll([2, 2, -6], gradient, 1e-12, "weighted gradient");
    }

    [TestMethod]
    public void OutputGradientsOfAnotherShapeAreRejected()
    {
        var x = tensor(new double[] { 1, 2, 3 });
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x;
        var e = Assert.ThrowsExactly<ArgumentException>(() => tape.Gradient(y, x, outputGradients: ones(2, dtype: float64)));
        StringAssert.Contains(e.Message, "(3,)");
        StringAssert.Contains(e.Message, "(2,)");
        AssertAll([2, 4, 6], tape.Gradient(y, x), 1e-12, "a rejected call leaves the tape usable");
    }

    [TestMethod]
    public void ASourceListedTwiceGetsTheSameGradientTwice()
    {
        var w = new Variable("w", "w", tensor(2.0), trainable: true);
        using var tape = new GradientTape();
        var y = w.Value * w.Value;
        var gradients = tape.Gradient(y, [w, w]);
        AssertAll([4], gradients[0], 1e-12, "first"); // d w²/dw = 2w
        AssertAll([4], gradients[1], 1e-12, "second");
    }

    // ---------------------------------------------------------------- finite differences

    // A 3-4-2 network: Dense(4, tanh) then Dense(2), in float64 so central differences (eps 1e-3) are accurate.
    static Sequential DenseTanhModel()
    {
        var model = new Sequential([Keras.Input(shape: [3], dtype: "float64"), new Dense(4, activation: "tanh", dtype: "float64"), new Dense(2, dtype: "float64")]);
        return model;
    }

    static readonly double[] Inputs = [0.5, -1.0, 2.0, 1.5, 0.25, -0.75, -0.3, 0.8, 0.1, 1.2, -1.1, 0.4, 0.0, 0.6, -0.9];
    static readonly double[] Targets = [1.0, -1.0, 0.5, 0.0, -0.5, 2.0, 0.3, 0.7, -1.2, 0.9];

    // The model's forward pass and mean squared error written out with loops: the independent reference.
    static double ReferenceLoss(double[] x, double[][] weights)
    {
        double[] k1 = weights[0], b1 = weights[1], k2 = weights[2], b2 = weights[3];
        var loss = 0.0;
        for (var n = 0; n < 5; n++)
        {
            var h = new double[4];
            for (var j = 0; j < 4; j++)
            {
                var s = b1[j];
                for (var i = 0; i < 3; i++) s += x[n * 3 + i] * k1[i * 4 + j];
                h[j] = Math.Tanh(s);
            }
            for (var o = 0; o < 2; o++)
            {
                var s = b2[o];
                for (var j = 0; j < 4; j++) s += h[j] * k2[j * 2 + o];
                loss += (s - Targets[n * 2 + o]) * (s - Targets[n * 2 + o]);
            }
        }
        return loss / 10;
    }

    static double[] CentralDifferences(double[] values, Func<double[], double> f, double eps = 1e-3)
    {
        var gradient = new double[values.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var original = values[i];
            values[i] = original + eps;
            var plus = f(values);
            values[i] = original - eps;
            var minus = f(values);
            values[i] = original;
            gradient[i] = (plus - minus) / (2 * eps);
        }
        return gradient;
    }

    [TestMethod]
    public void DenseModelWeightGradientsMatchCentralFiniteDifferences()
    {
        var model = DenseTanhModel();
        var x = tensor(Inputs, [5, 3]);
        var y = tensor(Targets, [5, 2]);
        IReadOnlyList<Tensor?> gradients;
        using (var tape = new GradientTape())
        {
            var loss = new MeanSquaredError().Call(y, model.Apply(x, training: true));
            gradients = tape.Gradient(loss, model.TrainableWeights);
        }
        var weights = model.TrainableWeights.Select(v => Doubles(v.Value)).ToArray();
        Assert.HasCount(4, gradients);
        for (var v = 0; v < weights.Length; v++)
        {
            var expected = CentralDifferences(weights[v], _ => ReferenceLoss(Inputs, weights));
            AssertAll(expected, gradients[v], 1e-6, model.TrainableWeights[v].Path);
        }
    }

    [TestMethod]
    public void AWatchedInputsGradientMatchesCentralFiniteDifferences()
    {
        var model = DenseTanhModel();
        var x = tensor(Inputs, [5, 3]);
        var y = tensor(Targets, [5, 2]);
        Tensor? gradient;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            var loss = new MeanSquaredError().Call(y, model.Apply(x));
            gradient = tape.Gradient(loss, x);
        }
        var weights = model.TrainableWeights.Select(v => Doubles(v.Value)).ToArray();
        var expected = CentralDifferences((double[])Inputs.Clone(), xs => ReferenceLoss(xs, weights));
        AssertAll(expected, gradient, 1e-6, "dL/dx");
        Assert.IsFalse(x.requires_grad, "the tape stops tracking the input it switched on");
    }

    // ---------------------------------------------------------------- unconnected sources

    [TestMethod]
    public void AnUnconnectedSourceGetsNull()
    {
        var w = new Variable("w", "w", tensor(new float[] { 1, 2 }), trainable: true);
        var unused = new Variable("unused", "unused", tensor(new float[] { 3, 4, 5 }), trainable: true);
        using var tape = new GradientTape();
        var loss = (w.Value * 3).sum();
        var gradients = tape.Gradient(loss, [w, unused]);
        AssertAll([3, 3], gradients[0], 1e-6, "dL/dw");
        Assert.IsNull(gradients[1]);
    }

    [TestMethod]
    public void UnconnectedZeroGivesZerosShapedLikeTheSource()
    {
        var w = new Variable("w", "w", tensor(new float[] { 1, 2 }), trainable: true);
        var unused = new Variable("unused", "unused", tensor(new float[] { 3, 4, 5, 6 }, [2, 2]), trainable: true);
        using var tape = new GradientTape();
        var loss = (w.Value * 3).sum();
        var gradients = tape.Gradient(loss, [w, unused], unconnectedGradients: UnconnectedGradients.Zero);
        AssertAll([3, 3], gradients[0], 1e-6, "dL/dw");
        Assert.IsNotNull(gradients[1]);
        CollectionAssert.AreEqual(new long[] { 2, 2 }, gradients[1]!.shape);
        Assert.AreEqual(ScalarType.Float32, gradients[1]!.dtype);
        AssertAll([0, 0, 0, 0], gradients[1], 0, "zeros");
    }

    [TestMethod]
    public void ATargetThatDependsOnNoSourceGivesNullForAll()
    {
        var w = new Variable("w", "w", tensor(new float[] { 1, 2 }), trainable: true);
        using var tape = new GradientTape();
        var constant = tensor(new float[] { 1, 2 }).sum();
        Assert.IsNull(tape.Gradient(constant, w));
    }

    [TestMethod]
    public void AnInputNotWatchedGetsNull()
    {
        var x = tensor(new float[] { 1, 2 });
        using var tape = new GradientTape();
        var y = (x * x).sum();
        Assert.IsNull(tape.Gradient(y, x));
    }

    [TestMethod]
    public void AnInputWatchedAfterUseGetsNullAsInTensorFlow()
    {
        var x = tensor(new float[] { 1, 2 });
        using var tape = new GradientTape();
        var y = (x * x).sum();
        tape.Watch(x);
        Assert.IsNull(tape.Gradient(y, x));
    }

    // ---------------------------------------------------------------- persistence and lifetime

    [TestMethod]
    public void APersistentTapeGivesSeveralSetsOfGradients()
    {
        var x = tensor(3.0);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = x * x;
        var z = y * y;
        AssertAll([108], tape.Gradient(z, x), 1e-12, "dz/dx"); // z = x⁴ → 4x³ = 108
        AssertAll([6], tape.Gradient(y, x), 1e-12, "dy/dx");   // y = x² → 2x = 6
        AssertAll([108], tape.Gradient(z, x), 1e-12, "dz/dx again");
    }

    [TestMethod]
    public void ANonPersistentTapeUsedTwiceThrows()
    {
        var x = tensor(3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x;
        var z = y * y;
        tape.Gradient(z, x);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => tape.Gradient(y, x));
        StringAssert.Contains(e.Message, "non-persistent GradientTape can only be used to compute one set of gradients");
        StringAssert.Contains(e.Message, "persistent: true");
    }

    [TestMethod]
    public void ADisposedTapeThrows()
    {
        var x = tensor(3.0);
        var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x;
        tape.Dispose();
        var e = Assert.ThrowsExactly<ObjectDisposedException>(() => tape.Gradient(y, x));
        StringAssert.Contains(e.Message, "GradientTape.Gradient: the tape has been disposed");
        Assert.ThrowsExactly<ObjectDisposedException>(() => tape.Watch(x));
        Assert.ThrowsExactly<ObjectDisposedException>(() => tape.StopRecording());
        tape.Dispose(); // a second Dispose is harmless
    }

    [TestMethod]
    public void GradientsAreDetachedAndOwnedByTheCurrentDisposeScope()
    {
        var w = new Variable("w", "w", tensor(new float[] { 1, 2 }), trainable: true);
        Tensor? gradient;
        using (var scope = NewDisposeScope())
        {
            using var tape = new GradientTape();
            gradient = tape.Gradient((w.Value * w.Value).sum(), w);
            Assert.IsNotNull(gradient);
            Assert.IsFalse(gradient.requires_grad);
            AssertAll([2, 4], gradient, 1e-6, "d Σw²/dw");
        }
        Assert.IsTrue(gradient.IsInvalid, "the step's dispose scope frees the gradient");
        Assert.IsNull(w.Value.grad, "the tape leaves the weight's .grad alone");
    }

    [TestMethod]
    public void AnExistingGradOnAWeightIsLeftAsItWas()
    {
        var w = new Variable("w", "w", tensor(new float[] { 1, 2 }), trainable: true);
        w.Value.grad = tensor(new float[] { 10, 20 });
        using var tape = new GradientTape();
        var gradient = tape.Gradient((w.Value * w.Value).sum(), w);
        AssertAll([2, 4], gradient, 1e-6, "gradient not mixed with .grad");
        AssertAll([10, 20], w.Value.grad, 0, ".grad unchanged");
    }

    [TestMethod]
    public void ChangingAWeightInPlaceBeforeGradientGivesAClearError()
    {
        var w = new Variable("w", "w", tensor(new float[] { 1, 2 }), trainable: true);
        using var tape = new GradientTape(persistent: true);
        var loss = (w.Value * w.Value).sum();
        var first = tape.Gradient(loss, [w]);
        new SGD(learningRate: 0.1).ApplyGradients(first, [w]);
        var e = Assert.ThrowsExactly<InvalidOperationException>(() => tape.Gradient(loss, [w]));
        StringAssert.Contains(e.Message, "changed in place");
    }

    // ---------------------------------------------------------------- watching

    [TestMethod]
    public void WithoutWatchingAccessedVariablesOnlyWatchedSourcesGetGradients()
    {
        var w = new Variable("w", "w", tensor(2f), trainable: true);
        var v = new Variable("v", "v", tensor(5f), trainable: true);
        var x = tensor(3f);
        var free = tensor(7f, requires_grad: true);
        using var tape = new GradientTape(persistent: true, watchAccessedVariables: false);
        tape.Watch(v);
        tape.Watch(x);
        var product = w.Value * v.Value * x;
        var y = product * free;
        var gradients = tape.Gradient(y, [w, v]);
        Assert.IsNull(gradients[0], "w was not watched");
        AssertAll([42], gradients[1], 1e-6, "dy/dv = w x free");
        var tensorGradients = tape.Gradient(y, [x, free, product]);
        AssertAll([70], tensorGradients[0], 1e-6, "dy/dx = w v free");
        Assert.IsNull(tensorGradients[1], "a tensor requiring gradients is not watched automatically");
        AssertAll([7], tensorGradients[2], 1e-6, "an intermediate result needs no watching");
    }

    [TestMethod]
    public void ByDefaultTrainableVariablesAndTensorsRequiringGradientsAreWatched()
    {
        var w = new Variable("w", "w", tensor(2f), trainable: true);
        var free = tensor(7f, requires_grad: true);
        using var tape = new GradientTape(persistent: true);
        var y = w.Value * free;
        AssertAll([7], tape.Gradient(y, w), 1e-6, "dy/dw");
        AssertAll([2], tape.Gradient(y, free), 1e-6, "dy/dfree");
    }

    [TestMethod]
    public void ANonTrainableVariableGetsAGradientOnlyWhenWatched()
    {
        var frozen = new Variable("frozen", "frozen", tensor(new float[] { 1, 2 }), trainable: false);
        using (var tape = new GradientTape())
        {
            Assert.IsNull(tape.Gradient((frozen.Value * 3).sum(), frozen));
        }
        using (var tape = new GradientTape())
        {
            tape.Watch(frozen);
            AssertAll([2, 4], tape.Gradient((frozen.Value * frozen.Value).sum(), frozen), 1e-6, "watched");
        }
        Assert.IsFalse(frozen.Value.requires_grad, "disposing the tape stops tracking the frozen variable again");
        Assert.IsFalse(frozen.Trainable);
    }

    [TestMethod]
    public void WatchingATensorThatAlreadyRequiresGradientsLeavesItSoAfterDispose()
    {
        var w = new Variable("w", "w", tensor(2f), trainable: true);
        using (var tape = new GradientTape())
            tape.Watch(w);
        Assert.IsTrue(w.Value.requires_grad);
    }

    [TestMethod]
    public void AnInnerTapeLeavesAnInputAnOuterTapeWatchesTracked()
    {
        var x = tensor(2.0);
        using var outer = new GradientTape();
        using (var inner = new GradientTape())
            inner.Watch(x);
        outer.Watch(x);
        Assert.IsTrue(x.requires_grad);
        var y = x * x;
        AssertAll([4], outer.Gradient(y, x), 1e-12, "dy/dx");
    }

    [TestMethod]
    public void WatchingAnIntegerTensorThrows()
    {
        using var tape = new GradientTape();
        var e = Assert.ThrowsExactly<ArgumentException>(() => tape.Watch(tensor(new long[] { 1, 2 })));
        StringAssert.Contains(e.Message, "floating-point");
        StringAssert.Contains(e.Message, "int64");
        var counter = new Variable("count", "metric/count", tensor(0L), trainable: false);
        var ev = Assert.ThrowsExactly<ArgumentException>(() => tape.Watch(counter));
        StringAssert.Contains(ev.Message, "metric/count");
    }

    [TestMethod]
    public void WatchingAListWatchesEachTensorAndVariable()
    {
        var a = tensor(1.0);
        var b = tensor(2.0);
        var w = new Variable("w", "w", tensor(3.0), trainable: true);
        using var tape = new GradientTape(watchAccessedVariables: false);
        tape.Watch(new[] { a, b });
        tape.Watch(new[] { w });
        var y = a * b * w.Value;
        var gradients = tape.Gradient(y, new[] { a, b, w.Value });
        AssertAll([6], gradients[0], 1e-12, "dy/da");
        AssertAll([3], gradients[1], 1e-12, "dy/db");
        AssertAll([2], gradients[2], 1e-12, "dy/dw (the variable's tensor counts as watched)");
    }

    [TestMethod]
    public void ADisposedSourceOrTargetIsReportedClearly()
    {
        var x = tensor(2.0);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = x * x;
        var gone = tensor(1.0);
        gone.Dispose();
        var e = Assert.ThrowsExactly<ArgumentException>(() => tape.Gradient(y, [x, gone]));
        StringAssert.Contains(e.Message, "source 1 has been disposed");
        Assert.ThrowsExactly<ArgumentException>(() => tape.Gradient(gone, x));
        Assert.ThrowsExactly<ArgumentException>(() => tape.Watch(gone));
    }

    // ---------------------------------------------------------------- recording

    [TestMethod]
    public void WhatIsComputedWhileRecordingIsStoppedIsAConstant()
    {
        var x = tensor(3.0);
        using var tape = new GradientTape();
        tape.Watch(x);
        Tensor scaled;
        using (tape.StopRecording())
        {
            Assert.IsFalse(tape.IsRecording);
            scaled = x * 5;
        }
        Assert.IsTrue(tape.IsRecording);
        var y = x * x + scaled * x;
        // scaled = 15 is a constant: dy/dx = 2x + 15 = 21 (not 2x + 10x = 36)
        AssertAll([21], tape.Gradient(y, x), 1e-12, "dy/dx");
    }

    [TestMethod]
    public void StoppingRecordingTwiceAtOnceThrows()
    {
        using var tape = new GradientTape();
        using (tape.StopRecording())
        {
            var e = Assert.ThrowsExactly<InvalidOperationException>(() => tape.StopRecording());
            StringAssert.Contains(e.Message, "not recording");
        }
        using (tape.StopRecording())
            Assert.IsFalse(is_grad_enabled());
        Assert.IsTrue(is_grad_enabled());
    }

    [TestMethod]
    public void ATapeRecordsInsideNoGradAndRestoresItWhenDisposed()
    {
        var x = tensor(3.0);
        using (no_grad())
        {
            using (var tape = new GradientTape())
            {
                tape.Watch(x);
                AssertAll([6], tape.Gradient(x * x, x), 1e-12, "dy/dx");
            }
            Assert.IsFalse(is_grad_enabled());
        }
        Assert.IsTrue(is_grad_enabled());
    }

    [TestMethod]
    public void NestedTapesGiveASecondDerivative()
    {
        var x = tensor(3.0);
        using var outer = new GradientTape();
        outer.Watch(x);
        Tensor? firstDerivative;
        using (var inner = new GradientTape())
        {
            inner.Watch(x);
            var y = x * x * x;
            firstDerivative = inner.Gradient(y, x);
        }
        AssertAll([27], firstDerivative, 1e-12, "dy/dx = 3x²");
        AssertAll([18], outer.Gradient(firstDerivative!, x), 1e-12, "d²y/dx² = 6x");
    }

    [TestMethod]
    public void SideBySideTapesShareAGraphAndGradientsUnderStopRecordingAreDetached()
    {
        // GAN-style: two losses computed from one shared intermediate, each with its own tape.
        var g = new Variable("g", "generator/g", tensor(2.0), trainable: true);
        var d = new Variable("d", "discriminator/d", tensor(3.0), trainable: true);
        using var generatorTape = new GradientTape();
        using var discriminatorTape = new GradientTape();
        var fake = g.Value * g.Value;          // 4
        var score = d.Value * fake;            // 12
        var generatorLoss = -score;
        var discriminatorLoss = score * score; // 144
        Tensor? dGenerator, dDiscriminator;
        using (discriminatorTape.StopRecording())
        {
            dGenerator = generatorTape.Gradient(generatorLoss, g);
            dDiscriminator = discriminatorTape.Gradient(discriminatorLoss, d);
        }
        AssertAll([-12], dGenerator, 1e-12, "d(−d g²)/dg = −2 d g");
        AssertAll([96], dDiscriminator, 1e-12, "d(d² g⁴)/dd = 2 d g⁴");
        Assert.IsFalse(dGenerator!.requires_grad);
        Assert.IsFalse(dDiscriminator!.requires_grad);
    }

    [TestMethod]
    public void SideBySideTapesGiveTheRightValuesWhileBothRecord()
    {
        var g = new Variable("g", "generator/g", tensor(2.0), trainable: true);
        var d = new Variable("d", "discriminator/d", tensor(3.0), trainable: true);
        using var generatorTape = new GradientTape();
        using var discriminatorTape = new GradientTape();
        var score = d.Value * g.Value * g.Value;
        var generatorLoss = -score;
        var discriminatorLoss = score * score;
        // The first gradient keeps the shared graph for the second tape.
        AssertAll([-12], generatorTape.Gradient(generatorLoss, g), 1e-12, "d(−d g²)/dg");
        AssertAll([96], discriminatorTape.Gradient(discriminatorLoss, d), 1e-12, "d(d² g⁴)/dd");
    }

    // ---------------------------------------------------------------- a custom training loop

    // Three well separated clusters in the plane, labelled 0, 1, 2.
    static (Tensor X, Tensor Y) Clusters()
    {
        double[][] centres = [[0, 3], [3, -2], [-3, -2]];
        var random = new Random(7);
        var x = new float[90 * 2];
        var y = new long[90];
        for (var n = 0; n < 90; n++)
        {
            var label = n % 3;
            y[n] = label;
            x[n * 2] = (float)(centres[label][0] + (random.NextDouble() - 0.5));
            x[n * 2 + 1] = (float)(centres[label][1] + (random.NextDouble() - 0.5));
        }
        return (tensor(x, [90, 2]), tensor(y));
    }

    [TestMethod]
    public void ACustomTrainStepLearnsASeparableProblem()
    {
        // Keras's low-level loop: GradientTape, optimizer.apply_gradients, a loss, metrics and a loss tracker.
        var model = new Sequential([Keras.Input(shape: [2]), new Dense(16, activation: "relu"), new Dense(3, activation: "softmax")]);
        var lossFn = new SparseCategoricalCrossentropy();
        var optimizer = new RMSprop(learningRate: 0.01);
        var accuracy = new SparseCategoricalAccuracy();
        var lossTracker = new Mean(name: "loss");
        var (x, y) = Clusters();

        Dictionary<string, double> TrainStep(Tensor inputs, Tensor targets)
        {
            using var scope = NewDisposeScope();
            Tensor predictions, loss;
            IReadOnlyList<Tensor?> gradients;
            using (var tape = new GradientTape())
            {
                predictions = model.Apply(inputs, training: true);
                loss = lossFn.Call(targets, predictions);
                gradients = tape.Gradient(loss, model.TrainableWeights);
            }
            optimizer.ApplyGradients(gradients, model.TrainableWeights);
            accuracy.UpdateState(targets, predictions);
            lossTracker.UpdateState(loss);
            return new() { ["loss"] = lossTracker.Result(), [accuracy.Name] = accuracy.Result(), ["step_loss"] = loss.item<float>() };
        }

        var steps = new List<Dictionary<string, double>>();
        for (var step = 0; step < 50; step++)
        {
            if (step % 10 == 0)
            {
                accuracy.ResetState();
                lossTracker.ResetState();
            }
            steps.Add(TrainStep(x, y));
        }

        var first = steps[0]["step_loss"];
        var last = steps[^1]["step_loss"];
        Assert.IsTrue(last < first / 4, $"loss went from {first} to {last}");
        Assert.IsTrue(steps[^1]["loss"] < steps[9]["loss"], "the tracked mean loss of the last 10 steps is below the first 10's");
        Assert.IsGreaterThan(0.95, steps[^1]["sparse_categorical_accuracy"]);
        Assert.AreEqual(50L, optimizer.IterationCount);
        Assert.IsTrue(model.TrainableWeights.All(w => w.Value.grad is null), "no .grad left behind on the weights");
    }
}
