using System.Text.Json.Nodes;
using Json.Schema;

namespace HeadlessCms.Tests.Infrastructure;

/// <summary>JSON Schema checks of responses, with a validator we did not write (JsonSchema.Net), formats enforced.</summary>
public static class JsonSchemas
{
    private static readonly Dictionary<string, JsonSchema> Loaded = [];

    /// <summary>
    /// ninjs's places[].geojson refers to https://geojson.org/schema/GeoJSON.json, which tests cannot fetch (no network)
    /// and the validator resolves up front. Our items carry no places, so a stand-in that only asks for GeoJSON's one
    /// required member ("type") lets every other rule of IPTC's schema run unchanged.
    /// </summary>
    private const string GeoJsonStandIn = """
        { "$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "https://geojson.org/schema/GeoJSON.json",
          "type": "object", "required": ["type"] }
        """;

    static JsonSchemas() => SchemaRegistry.Global.Register(JsonSchema.FromText(GeoJsonStandIn));

    public static JsonSchema Load(string fileName)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(fileName, out var schema))
            {
                schema = JsonSchema.FromText(File.ReadAllText(Path.Combine(RepositoryFiles.Root(), "tests", "HeadlessCms.Tests", "Schemas", fileName)));
                Loaded[fileName] = schema;
            }

            return schema;
        }
    }

    /// <summary>Fails with every error the validator reports, each with where it is in the document.</summary>
    public static void AssertValid(string schemaFile, JsonNode document)
    {
        var result = Load(schemaFile).Evaluate(document, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (!result.IsValid)
        {
            var errors = (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key}: {e.Value}"));
            Assert.Fail($"The document does not match {schemaFile}:\n{string.Join("\n", errors)}\n{document.ToJsonString()[..Math.Min(2000, document.ToJsonString().Length)]}");
        }
    }
}
