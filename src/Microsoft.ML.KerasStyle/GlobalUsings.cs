// TorchSharp is the backend of every computation in this library.
global using TorchSharp;
