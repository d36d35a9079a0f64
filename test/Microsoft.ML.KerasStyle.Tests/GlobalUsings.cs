global using Microsoft.ML.KerasStyle;
global using Microsoft.ML.KerasStyle.Layers;
global using Microsoft.ML.KerasStyle.Models;
global using Microsoft.ML.KerasStyle.Tests.Layers;
global using Microsoft.ML.KerasStyle.Training;
global using Microsoft.VisualStudio.TestTools.UnitTesting;
global using TorchSharp;
global using static TorchSharp.torch;

[assembly: DoNotParallelize] // layer naming counters and TorchSharp's global generator are process-wide
