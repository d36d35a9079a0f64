global using Microsoft.ML.KerasStyle;
global using Microsoft.ML.KerasStyle.Layers;
global using Microsoft.ML.KerasStyle.Models;
global using TorchSharp;
global using static TorchSharp.torch;
global using Microsoft.ML.KerasStyle.Training;
