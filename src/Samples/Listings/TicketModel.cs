namespace Samples.Listings;

/// <summary>The seed's customer-ticket model (3 inputs, 2 outputs), shared by the listings that use it.</summary>
public sealed record TicketModel(KerasTensor Title, KerasTensor TextBody, KerasTensor Tags, KerasTensor Priority, KerasTensor Department, Model Model)
{
    /// <summary>Vocabulary size of the title and body inputs.</summary>
    public const int VocabularySize = 10000;

    /// <summary>Number of tags.</summary>
    public const int NumTags = 100;

    /// <summary>Number of departments.</summary>
    public const int NumDepartments = 4;

    /// <summary>Builds the functional ticket model.</summary>
    public static TicketModel Build()
    {
        var title = Keras.Input(shape: [VocabularySize], name: "title");
        var textBody = Keras.Input(shape: [VocabularySize], name: "text_body");
        var tags = Keras.Input(shape: [NumTags], name: "tags");
        var features = new Concatenate().Apply(title, textBody, tags);
        features = new Dense(64, activation: "relu").Apply(features);
        var priority = new Dense(1, activation: "sigmoid", name: "priority").Apply(features);
        var department = new Dense(NumDepartments, activation: "softmax", name: "department").Apply(features);
        var model = new Model(inputs: [title, textBody, tags], outputs: [priority, department]);
        return new(title, textBody, tags, priority, department, model);
    }

    /// <summary>The seed's random data: 0/1 inputs, priorities in [0, 1), 0/1 department vectors — by input and output name.</summary>
    public static (ModelData Inputs, ModelData Targets) RandomData(int numSamples) => (
        RandomInputs(numSamples),
        new ModelData
        {
            ["priority"] = rand(numSamples, 1),
            ["department"] = randint(0, 2, [numSamples, NumDepartments], dtype: ScalarType.Float32),
        });

    /// <summary>Random 0/1 inputs by name, as the seed makes them.</summary>
    public static Inputs RandomInputs(int numSamples) => new()
    {
        ["title"] = randint(0, 2, [numSamples, VocabularySize], dtype: ScalarType.Float32),
        ["text_body"] = randint(0, 2, [numSamples, VocabularySize], dtype: ScalarType.Float32),
        ["tags"] = randint(0, 2, [numSamples, NumTags], dtype: ScalarType.Float32),
    };
}
